export { NodeIdentity, loadOrCreateIdentity, IdentityError, KEY_FILE, type PublicIdentity } from './node-key.js';
