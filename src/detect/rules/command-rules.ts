import type { StoredEvent } from '../../twin/index.js';
import type { Finding, Rule, RuleContext } from './rule.js';

const REMOTE = new Set(['rdp', 'ssh', 'vnc', 'smb']);

/**
 * Command semantics and network policy, from the drift the twin records:
 * - a write from a host the model does not allow: T0855 Unauthorized Command
 *   Message, plus T0836 Modify Parameter on a setpoint or T0831 Manipulation
 *   of Control on an actuator;
 * - a function code a PLC is not expected to serve: T0855;
 * - a flow no conduit allows: T0886 Remote Services when it uses a remote
 *   access protocol, otherwise no technique is claimed.
 */
export class CommandRules implements Rule {
  readonly name = 'rule:command-semantics';

  judge(e: StoredEvent, ctx: RuleContext): Finding[] {
    if (e.type !== 'drift.detected') return [];
    const ev = e.data.evidence;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    switch (e.data.kind) {
      case 'unauthorized-write': {
        const tag = str(ev.tag) ? ctx.tags.get(str(ev.tag)!) : undefined;
        const techniques = ['T0855', ...(tag?.kind === 'setpoint' ? ['T0836'] : tag?.kind === 'actuator' ? ['T0831'] : [])];
        const assets = [tag?.asset, str(ev.fromAsset)].filter((a): a is string => a !== undefined);
        return [{ detector: this.name, severity: 'high', score: 1, message: e.data.message, assets: [...new Set(assets)], tags: tag ? [tag.id] : [], techniques, evidence: { ...ev, drift: e.seq } }];
      }
      case 'unexpected-function':
        return [{ detector: this.name, severity: 'high', score: 1, message: e.data.message, assets: e.subject ? [e.subject] : [], tags: [], techniques: ['T0855'], evidence: { ...ev, drift: e.seq } }];
      case 'flow-not-allowed': {
        const remote = REMOTE.has(String(ev.protocol ?? ''));
        const assets = [str(ev.dstAsset), str(ev.srcAsset)].filter((a): a is string => a !== undefined);
        return [{ detector: 'rule:network-policy', severity: remote ? 'high' : 'medium', score: 1, message: e.data.message, assets, tags: [], techniques: remote ? ['T0886'] : [], evidence: { ...ev, drift: e.seq } }];
      }
      default:
        return [];
    }
  }
}
