import type { Controller, LogicBlock } from '../../model/index.js';
import { CLEAR_DELAY, conditionHolds, type AlarmRecord } from './alarms.js';
import { onOffDecision } from './on-off.js';
import { Pid } from './pid.js';

/** How logic reaches the plant: the values the controller sees and the output registers it sets. */
export interface ControlIO {
  /** A sensor's reported value (after any spoofing), or an actuator/setpoint register. */
  read(tag: string): number;
  write(tag: string, value: number): void;
}

type PidBlock = Extract<LogicBlock, { type: 'pid' }>;

/**
 * One controller (a PLC program) scanned every `scanCycleMs` of simulated
 * time. A scan evaluates the loop blocks in order (on-off and PID), then the
 * interlocks, which override whatever the loops wrote while their condition
 * holds, then the alarm blocks, which raise once per excursion (it ends
 * when the condition has been false for CLEAR_DELAY). Outputs are written
 * at the end of the scan, as a PLC updates its outputs.
 */
export class ControllerRuntime {
  readonly controller: Controller;
  readonly periodMs: number;
  /** Simulated time of the next scan, ms. */
  next: number;
  #pids = new Map<PidBlock, Pid>();
  /** Standing alarms: since when their condition has been false (undefined while it holds). */
  #raised = new Map<LogicBlock, number | undefined>();
  #io: ControlIO;

  constructor(controller: Controller, start: number, io: ControlIO) {
    this.controller = controller;
    this.#io = io;
    this.periodMs = controller.scanCycleMs;
    this.next = start;
    for (const b of controller.logic) if (b.type === 'pid') this.#pids.set(b, new Pid(b));
  }

  /** Starts every PID from its output's current value (bumpless). */
  initialize(): void {
    const io = this.#io;
    for (const [b, pid] of this.#pids) pid.initialize(io.read(b.output), io.read(b.input), setpointOf(b, io));
  }

  /** Forgets which alarms are standing, so they can be raised again. */
  resetAlarms(): void {
    this.#raised.clear();
  }

  scan(now: number): AlarmRecord[] {
    const io = this.#io;
    const dt = this.periodMs / 1000;
    const writes = new Map<string, number>();
    for (const b of this.controller.logic) {
      if (b.type === 'on-off') {
        const d = onOffDecision(b, io.read(b.input));
        if (d !== undefined) writes.set(b.output, d);
      } else if (b.type === 'pid') {
        writes.set(b.output, this.#pids.get(b)!.update(io.read(b.input), setpointOf(b, io), dt));
      }
    }
    const forced = new Map<string, number>();
    for (const b of this.controller.logic) {
      if (b.type === 'interlock' && conditionHolds(b.when, io.read(b.when.tag))) forced.set(b.force.tag, b.force.value);
    }
    for (const [tag, v] of forced) writes.set(tag, v);
    for (const [b, pid] of this.#pids) {
      const f = forced.get(b.output);
      if (f !== undefined) pid.track(f, io.read(b.input), setpointOf(b, io));
    }
    for (const [tag, v] of writes) io.write(tag, v);

    const alarms: AlarmRecord[] = [];
    for (const b of this.controller.logic) {
      if (b.type !== 'alarm') continue;
      const value = io.read(b.when.tag);
      const holds = conditionHolds(b.when, value);
      if (holds && !this.#raised.has(b)) {
        alarms.push({ time: now, tag: b.when.tag, kind: 'alarm', value, message: b.message, severity: b.severity, controller: this.controller.id });
      }
      if (holds) this.#raised.set(b, undefined);
      else if (this.#raised.has(b)) {
        const since = this.#raised.get(b) ?? now;
        if (now - since >= CLEAR_DELAY) this.#raised.delete(b);
        else this.#raised.set(b, since);
      }
    }
    return alarms;
  }
}

function setpointOf(b: PidBlock, io: ControlIO): number {
  return typeof b.setpoint === 'number' ? b.setpoint : io.read(b.setpoint);
}
