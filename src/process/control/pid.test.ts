import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pid } from './pid.js';

/** First-order process x' = (K·u − x)/τ, stepped exactly over dt. */
function run(pid: Pid, o: { gain: number; tau: number; setpoint: number; seconds: number; dt?: number; x0?: number }): { x: number; u: number; trace: number[] } {
  const dt = o.dt ?? 0.2;
  let x = o.x0 ?? 0;
  let u = 0;
  const trace: number[] = [];
  for (let t = 0; t < o.seconds; t += dt) {
    u = pid.update(x, o.setpoint, dt);
    const target = o.gain * u;
    x = target + (x - target) * Math.exp(-dt / o.tau);
    trace.push(x);
  }
  return { x, u, trace };
}

test('a PI loop settles on its setpoint', () => {
  const pid = new Pid({ kp: 0.5, ki: 0.2, kd: 0, outputMin: 0, outputMax: 100, reverse: false });
  const r = run(pid, { gain: 2, tau: 5, setpoint: 40, seconds: 120 });
  assert.ok(Math.abs(r.x - 40) < 1e-3, `pv ${r.x}`);
  assert.ok(Math.abs(r.u - 20) < 1e-3, `output ${r.u}`);
});

test('by default the output rises while pv is below the setpoint; reverse inverts it', () => {
  const direct = new Pid({ kp: 1, ki: 0, kd: 0, outputMin: -100, outputMax: 100, reverse: false });
  const reverse = new Pid({ kp: 1, ki: 0, kd: 0, outputMin: -100, outputMax: 100, reverse: true });
  assert.equal(direct.update(3, 5, 1), 2);
  assert.equal(reverse.update(3, 5, 1), -2);
  // A reverse loop on a process whose pv falls as the output rises (coagulant vs turbidity).
  const pid = new Pid({ kp: 0.5, ki: 0.2, kd: 0, outputMin: 0, outputMax: 100, reverse: true });
  const r = run(pid, { gain: -0.5, tau: 5, setpoint: -10, seconds: 200 });
  assert.ok(Math.abs(r.x + 10) < 1e-3, `pv ${r.x}`);
});

test('anti-windup: a saturated output leaves its limit as soon as the error turns', () => {
  const pid = new Pid({ kp: 1, ki: 1, kd: 0, outputMin: 0, outputMax: 10, reverse: false });
  for (let i = 0; i < 1000; i++) assert.ok(pid.update(0, 100, 1) <= 10);
  assert.equal(pid.integral + 1 * 100, 10, 'the integral holds the output exactly on the limit');
  // pv overshoots the setpoint: the output must drop at once, not after unwinding 1000 s of error.
  assert.ok(pid.update(101, 100, 1) < 10);
});

test('initialize is bumpless and track follows a forced output', () => {
  const pid = new Pid({ kp: 2, ki: 0.5, kd: 0, outputMin: 0, outputMax: 100, reverse: false });
  pid.initialize(62, 390, 400);
  assert.ok(Math.abs(pid.update(390, 400, 0) - 62) < 1e-12);
  pid.track(0, 390, 400);
  assert.ok(Math.abs(pid.update(390, 400, 0)) < 1e-12);
});
