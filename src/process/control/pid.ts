export interface PidParams {
  kp: number;
  /** 1/s */
  ki: number;
  /** s */
  kd: number;
  outputMin: number;
  outputMax: number;
  reverse: boolean;
}

/**
 * Positional PID. Sign convention: error = setpoint − pv, so by default the
 * output rises while the measurement is below the setpoint (direct acting
 * on the error: a pump speed raising a pressure); `reverse` uses
 * pv − setpoint (output rises with the measurement: more coagulant as
 * turbidity climbs). The derivative acts on the measurement, so setpoint
 * steps do not kick the output. Anti-windup by clamping: whenever the output
 * saturates, the integral is set so the output sits exactly on the limit,
 * and it leaves the limit as soon as the error changes sign.
 */
export class Pid {
  readonly params: PidParams;
  #integral = 0;
  #lastPv: number | undefined;

  constructor(params: PidParams) {
    this.params = params;
  }

  get integral(): number {
    return this.#integral;
  }

  /** Bumpless start: the next output, with this pv and setpoint, continues from `output`. */
  initialize(output: number, pv: number, setpoint: number): void {
    const { kp, outputMin, outputMax } = this.params;
    const u = Math.min(outputMax, Math.max(outputMin, output));
    this.#integral = u - kp * this.#error(pv, setpoint);
    this.#lastPv = pv;
  }

  /** Output after `dt` s with measurement `pv`. */
  update(pv: number, setpoint: number, dt: number): number {
    const { kp, ki, kd, outputMin, outputMax } = this.params;
    const e = this.#error(pv, setpoint);
    const dir = this.params.reverse ? -1 : 1;
    const dpv = this.#lastPv === undefined || !(dt > 0) ? 0 : (pv - this.#lastPv) / dt;
    this.#lastPv = pv;
    const p = kp * e;
    const d = -dir * kd * dpv;
    this.#integral += ki * e * dt;
    const u = p + this.#integral + d;
    if (u > outputMax) {
      this.#integral -= u - outputMax;
      return outputMax;
    }
    if (u < outputMin) {
      this.#integral += outputMin - u;
      return outputMin;
    }
    return u;
  }

  /** While something else (an interlock) drives the output, follow it so the loop resumes without a bump. */
  track(output: number, pv: number, setpoint: number): void {
    this.#integral = output - this.params.kp * this.#error(pv, setpoint);
  }

  #error(pv: number, setpoint: number): number {
    return this.params.reverse ? pv - setpoint : setpoint - pv;
  }
}
