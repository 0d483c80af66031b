export {
  signals,
  disconnectAllSignals,
  type SignalName,
  type SignalKwargs,
  type TypedSignal,
  type InitEvent,
  type DocumentEvent,
  type SaveEvent,
  type BulkInsertEvent,
} from './signals.js';
export {
  Signal,
  SignalError,
  type ConnectOptions as SignalConnectOptions,
  type SenderClass,
} from './signal.js';
