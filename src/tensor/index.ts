export * from './matmul.js';
export * from './elementwise.js';
