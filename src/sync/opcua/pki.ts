import { join } from 'node:path';
import { OPCUACertificateManager } from 'node-opcua';

/**
 * node-opcua keeps certificates, keys and trust lists in a PKI folder. It
 * must live in the caller's data directory (`<dataDir>/opcua-pki/<role>`),
 * never node-opcua's default under the home folder, so one twin's keys and
 * trust decisions stay with its data and tests leave nothing behind.
 * `acceptUnknown` trusts every peer certificate: only for the simulator or
 * with MessageSecurityMode None, where certificates are not checked anyway.
 */
export function certificateManager(dataDir: string, role: 'server' | 'user' | 'client', acceptUnknown: boolean): OPCUACertificateManager {
  return new OPCUACertificateManager({ rootFolder: join(dataDir, 'opcua-pki', role), automaticallyAcceptUnknownCertificate: acceptUnknown });
}
