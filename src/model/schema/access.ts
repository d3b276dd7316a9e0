import { z } from 'zod';
import { Description, Id, Name, Port, Ref } from './common.js';
import { Protocol } from './network.js';

export const AccountKind = z.enum(['local', 'directory', 'shared', 'service', 'vendor', 'sso', 'default']);
export const Privilege = z.enum(['viewer', 'operator', 'engineer', 'admin']);

/** A credential an attacker could steal and reuse. */
export const Account = z.strictObject({
  id: Id,
  name: Name,
  domain: Ref('domain'),
  kind: AccountKind,
  privilege: Privilege,
  validOn: z.array(Ref('asset')).min(1, { message: 'an account must be valid on at least one asset' }),
  mfa: z.boolean().default(false),
  description: Description.optional(),
});

export const TrustKind = z.enum([
  'vendor-remote-access', 'vpn', 'jump-host', 'sso', 'shared-account', 'api-token', 'domain-trust', 'data-feed',
]);

/**
 * A relation that lets someone on `from` act on `to` without crossing a
 * conduit check: remote access, SSO, a reused account. These are the lateral
 * paths attack graphs follow across owners.
 */
export const Trust = z.strictObject({
  id: Id,
  kind: TrustKind,
  from: z.strictObject({ domain: Ref('domain'), asset: Ref('asset').optional() }),
  to: z.array(Ref('asset')).min(1, { message: 'a trust relation must reach at least one asset' }),
  account: Ref('account').optional(),
  protocol: Protocol.optional(),
  port: Port.optional(),
  mfa: z.boolean().default(false),
  alwaysOn: z.boolean().default(false).describe('true when the access is not brokered or time-limited'),
  description: Description.optional(),
  name: Name.optional(),
});

export type Account = z.infer<typeof Account>;
export type Trust = z.infer<typeof Trust>;
