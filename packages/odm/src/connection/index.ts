export {
  connect,
  registerConnection,
  disconnect,
  disconnectAll,
  getConnection,
  getDb,
  getCollection,
  listConnections,
  onDisconnect,
  DEFAULT_CONNECTION_NAME,
  DEFAULT_DATABASE_NAME,
  DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
  type ConnectionSpec,
  type ConnectOptions,
} from './connection-registry.js';
export { parseMongoUri, redactUri, type ParsedUri } from './uri.js';
