export { FileField, type FileFieldOptions } from './file-field.js';
export {
  GridFSError,
  GridFSProxy,
  type GridFSData,
  type GridFSFileInfo,
  type GridFSProxySettings,
  type GridFSPutOptions,
} from './grid-fs-proxy.js';
