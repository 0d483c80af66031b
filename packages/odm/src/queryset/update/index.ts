export {
  compileUpdate,
  type UpdateInput,
  type CompileUpdateOptions,
  type CompiledUpdate,
} from './compile-update.js';
