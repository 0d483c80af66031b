export * from './errors/index.js';
export { convertDriverError } from './errors/convert-driver-error.js';
export * from './connection/index.js';
export * from './context/index.js';
export * from './fields/index.js';
export * from './document/index.js';
