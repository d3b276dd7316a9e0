import type { MqttClient } from 'mqtt';

/**
 * mqtt.js acknowledges a QoS 1 PUBLISH when `handleMessage` calls back, and
 * reads the next packet only then, so an ack tied to a slow sink would let
 * one message through at a time. Calling back with this marker makes mqtt.js
 * skip its PUBACK (handlers/publish.js: `if (err) return done(err)`) and go
 * on reading; the connector sends the PUBACK itself once the sink resolved.
 */
export const DEFERRED_ACK = new Error('PUBACK deferred until the sink resolves');

/** The connection a message arrived on; a PUBACK is only valid on that one. */
export type Connection = MqttClient['stream'];

const corked = new WeakSet<object>();

/**
 * Sends PUBACK for `messageId` if the connection it arrived on is still the
 * current one. On a new connection the broker resends unacked messages with
 * their original ids (MQTT 3.1.1 §4.4), so an ack from the old one is
 * dropped rather than risk acking a different message; the redelivery is
 * then a duplicate (QoS 1 is at least once). Returns whether it was sent.
 */
export function sendPuback(client: MqttClient, arrivedOn: Connection, messageId: number): boolean {
  if (!client.connected || client.stream !== arrivedOn) return false;
  // A durable batch acks many messages in one tick: cork so they leave in one write, not one syscall each.
  if (!corked.has(arrivedOn)) {
    corked.add(arrivedOn);
    arrivedOn.cork();
    process.nextTick(() => {
      corked.delete(arrivedOn);
      arrivedOn.uncork();
    });
  }
  // `_sendPacket` is what mqtt.js itself uses for PUBACK; it is private in the typings.
  (client as unknown as { _sendPacket(p: { cmd: 'puback'; messageId: number }, cb: () => void): void })._sendPacket({ cmd: 'puback', messageId }, () => {});
  return true;
}
