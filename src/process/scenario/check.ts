import type { PathProblem, Tag, TwinModel } from '../../model/index.js';
import { TARGET, type Scenario } from './schema.js';

/** What a scenario may refer to in a model. */
export type ScenarioModel = Pick<TwinModel, 'process'> & { assets?: readonly { id: string }[] };

const WRITABLE = new Set(['actuator', 'setpoint']);

/**
 * Checks what the schema cannot: unique ids, time windows, that each
 * injection names the kind of target it acts on, and — given a model — that
 * the target exists, is of a kind the injection can affect, and that written
 * values fit the tag's range (the plant would refuse them).
 */
export function checkScenario(s: Scenario, model?: ScenarioModel): PathProblem[] {
  const out: PathProblem[] = [];
  const report = (path: (string | number)[], message: string, key = false) => out.push({ path, message, ...(key ? { key } : {}) });
  const tags = new Map(model?.process.tags.map((t) => [t.id, t]));
  const units = new Map(model?.process.units.map((u) => [u.id, u]));
  const assets = new Set([...(model?.assets ?? []).map((a) => a.id), ...(model?.process.tags ?? []).map((t) => t.asset)]);
  const seen = new Map<string, number>();

  s.injections.forEach((inj, i) => {
    const at = (...rest: (string | number)[]) => ['injections', i, ...rest];
    const prev = seen.get(inj.id);
    if (prev !== undefined) report(at('id'), `duplicate injection id "${inj.id}" (also injections[${prev}])`);
    else seen.set(inj.id, i);
    if (inj.end !== undefined && inj.end <= inj.start) report(at('end'), `end (${inj.end} s) must be after start (${inj.start} s)`);
    if (inj.start >= s.duration) report(at('start'), `starts at ${inj.start} s, when the scenario has ended (duration ${s.duration} s)`);

    const target = TARGET[inj.kind];
    const extra = (['tag', 'unit', 'asset'] as const).filter((f) => inj[f] !== undefined && !(target === 'tag-or-asset' ? f !== 'unit' : f === target));
    for (const f of extra) report(at(f), `${an(inj.kind)} injection does not use "${f}"; it targets ${targetWords(target)}`, true);
    if (target === 'tag' && inj.tag === undefined) report(at(), `${an(inj.kind)} injection needs "tag"`);
    if (target === 'unit' && inj.unit === undefined) report(at(), `${an(inj.kind)} injection needs "unit"`);
    if (target === 'tag-or-asset' && (inj.tag === undefined) === (inj.asset === undefined)) report(at(), `${an(inj.kind)} injection needs exactly one of "tag" or "asset"`);

    if (inj.kind === 'sensor-replay' && inj.params.from + inj.params.length > inj.start) {
      report(at('params', 'from'), `the replayed window [${inj.params.from}, ${inj.params.from + inj.params.length}) s must end by the injection start (${inj.start} s)`);
    }
    if (inj.kind === 'pump-wear' && (inj.params.efficiency === undefined) === (inj.params.rate === undefined)) {
      report(at('params'), 'pump-wear needs exactly one of "efficiency" (0-1) or "rate" (loss per hour)');
    }
    if (!model) return;

    let tag: Tag | undefined;
    if (inj.tag !== undefined && target !== 'unit') {
      tag = tags.get(inj.tag);
      if (!tag) report(at('tag'), `unknown tag "${inj.tag}"`);
    }
    if (tag) {
      const need = inj.kind === 'actuator-sabotage' ? ['actuator'] : inj.kind === 'setpoint-change' || inj.kind === 'unauthorized-write' ? [...WRITABLE] : undefined;
      if (need && !need.includes(tag.kind)) report(at('tag'), `tag "${tag.id}" is a ${tag.kind}; ${an(inj.kind)} injection needs an ${need.join(' or ')} tag`);
      if ('value' in inj.params) {
        const v = inj.params.value;
        if (v < tag.range.min || v > tag.range.max) report(at('params', 'value'), `value ${v} ${tag.unit} is outside the range of tag "${tag.id}" [${tag.range.min}, ${tag.range.max}]`);
      }
    }
    if (inj.unit !== undefined && target === 'unit') {
      const unit = units.get(inj.unit);
      const need = inj.kind === 'leak' ? ['tank', 'pipe'] : ['pump'];
      if (!unit) report(at('unit'), `unknown process unit "${inj.unit}"`);
      else if (!need.includes(unit.kind)) report(at('unit'), `unit "${unit.id}" is a ${unit.kind}; ${an(inj.kind)} injection needs a ${need.join(' or ')}`);
    }
    if (inj.asset !== undefined && target === 'tag-or-asset' && !assets.has(inj.asset)) report(at('asset'), `unknown asset "${inj.asset}" (or it has no tags)`);
  });
  return out;
}

function targetWords(t: (typeof TARGET)[keyof typeof TARGET]): string {
  return t === 'tag-or-asset' ? 'a tag or an asset' : `a ${t === 'unit' ? 'process unit' : 'tag'}`;
}

function an(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}
