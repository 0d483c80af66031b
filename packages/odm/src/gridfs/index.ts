export { FileField, type FileFieldOptions } from './file-field.js';
export { ImageField, type ImageFieldOptions, type ImageSize } from './image-field.js';
export { ImageGridFsProxy, type ImageDimensions, type ImageProxySettings } from './image-proxy.js';
export {
  GridFSError,
  GridFSProxy,
  type GridFSData,
  type GridFSFileInfo,
  type GridFSProxySettings,
  type GridFSPutOptions,
} from './grid-fs-proxy.js';
