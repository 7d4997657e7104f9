/**
 * A small builder over ONNX's own message types (onnx-proto: protobufjs code generated from ONNX's
 * published onnx.proto), so the file is written by a maintained protobuf library, never by hand.
 * Every value name is unique: node outputs are numbered, and a subgraph (a Scan body) prefixes its names.
 */
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
export type OnnxDtype = 'float32' | 'float64';

const ELEM_TYPE = { float32: onnx.TensorProto.DataType.FLOAT, float64: onnx.TensorProto.DataType.DOUBLE, int64: onnx.TensorProto.DataType.INT64 } as const;
type Attribute = number | number[] | string | onnxProto.onnx.IGraphProto;

export class GraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private count = 0;

  constructor(readonly dtype: OnnxDtype, private readonly prefix = '') {}

  /** ONNX's element type number of `dtype`. */
  get elemType(): number { return ELEM_TYPE[this.dtype]; }

  /** `name` inside this (sub)graph. */
  local(name: string): string { return this.prefix + name; }

  subgraph(name: string): GraphBuilder { return new GraphBuilder(this.dtype, `${name}/`); }

  input(name: string, type: OnnxDtype | 'int64', dims: (string | number)[]): string {
    this.inputs.push(valueInfo(this.local(name), ELEM_TYPE[type], dims));
    return this.local(name);
  }

  output(name: string, type: OnnxDtype, dims: (string | number)[]): void {
    this.outputs.push(valueInfo(name, ELEM_TYPE[type], dims));
  }

  /** A constant in the graph's dtype (float64 values rounded once to float32 for a float32 graph). */
  initializer(name: string, dims: number[], values: ArrayLike<number>): string {
    const data = this.dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
    this.initializers.push({ name: this.local(name), dims, dataType: this.elemType, rawData: new Uint8Array(data.buffer) });
    return this.local(name);
  }

  /** An int64 constant (shapes, axes, indices). */
  ints(name: string, dims: number[], values: number[]): string {
    const data = BigInt64Array.from(values.map(BigInt));
    this.initializers.push({ name: this.local(name), dims, dataType: ELEM_TYPE.int64, rawData: new Uint8Array(data.buffer) });
    return this.local(name);
  }

  /** Adds a node with one output and returns that output's name. Empty trailing inputs (optional ones left out) are dropped. */
  node(op: string, inputs: string[], attributes: Record<string, Attribute> = {}, output?: string): string {
    return this.nodeN(op, inputs, 1, attributes, output)[0];
  }

  nodeN(op: string, inputs: string[], outputs: number, attributes: Record<string, Attribute> = {}, output?: string): string[] {
    while (inputs.length > 0 && inputs[inputs.length - 1] === '') inputs = inputs.slice(0, -1);
    const id = this.count++;
    const names = Array.from({ length: outputs }, (_, k) => output ?? this.local(`${op}${id}${outputs > 1 ? `_${k}` : ''}`));
    this.nodes.push({ opType: op, name: this.local(`${op}${id}`), input: inputs, output: names, attribute: Object.entries(attributes).map(([n, v]) => attribute(n, v)) });
    return names;
  }

  graph(name = this.prefix || 'rnnflow'): onnxProto.onnx.IGraphProto {
    return { name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs };
  }
}

function valueInfo(name: string, elemType: number, dims: (string | number)[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}

function attribute(name: string, v: Attribute): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') return { name, type: T.INT, i: v };
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  return { name, type: T.GRAPH, g: v };
}

/** The model file: IR version 8, opset 17, with `metadata` as metadata_props. */
export function encodeModel(graph: onnxProto.onnx.IGraphProto, metadata: Record<string, string>, producerVersion: string): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'rnnflow',
    producerVersion,
    graph,
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(model).finish();
}
