export * from './matmul.js';
export * from './elementwise.js';
export * from './kernels.js';
export * from './float-array.js';
