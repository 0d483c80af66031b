/**
 * A signal: an ordered list of receivers, each optionally bound to one sender class. Receivers
 * are awaited one after another in connection order, so a throwing receiver stops the rest and
 * rejects the operation that sent the signal. While a signal has receivers it keeps one
 * dispatcher installed on the document layer's hook seam; with none, the seam is empty and the
 * document layer does no signal work at all (and a queryset delete stays a single command).
 */
import { MongoEngineError } from '../errors/mongo-engine-error.js';

/** A class a receiver can be bound to. */
export type SenderClass = abstract new (...args: never[]) => object;

/** Options of {@link TypedSignal.connect} and {@link Signal.connectReceiver}. */
export interface ConnectOptions<C extends SenderClass> {
  /** Only receive the signal when this class sends it (MongoEngine's `sender=`). Default: every class. */
  readonly sender?: C;
  /** With `sender`, also receive it when a subclass of `sender` sends it (default false, as blinker). */
  readonly includeSubclasses?: boolean;
}

/** A handler used where it cannot work (an async `preInit` handler, for one). */
export class SignalError extends MongoEngineError {}

interface Receiver {
  readonly handler: (event: never) => unknown;
  readonly sender: SenderClass | undefined;
  readonly includeSubclasses: boolean;
}

/**
 * The receivers of one signal and how to call them; the typed signals of `signals.ts` wrap it.
 *
 * @example
 * const sig = new Signal('preSave', () => () => {});
 * sig.connectReceiver((e) => console.log(e), {});
 */
export class Signal {
  private readonly receivers: Receiver[] = [];
  private uninstall: (() => void) | undefined;

  /**
   * @param name MongoEngine-style name, for messages.
   * @param install Puts the dispatcher on the document layer; returns its remover.
   */
  constructor(
    readonly name: string,
    private readonly install: (signal: Signal) => () => void,
  ) {}

  /** Adds a receiver (a handler connected twice for the same sender is kept once); returns its disconnector. */
  connectReceiver(handler: (event: never) => unknown, options: ConnectOptions<SenderClass>): () => void {
    const sender = options.sender;
    if (!this.receivers.some((r) => r.handler === handler && r.sender === sender)) {
      this.receivers.push({ handler, sender, includeSubclasses: options.includeSubclasses === true });
    }
    this.uninstall ??= this.install(this);
    return () => {
      this.disconnectReceiver(handler, sender);
    };
  }

  /** Removes a receiver; with no `sender`, every connection of the handler. True when one was removed. */
  disconnectReceiver(handler: (event: never) => unknown, sender?: SenderClass): boolean {
    let removed = false;
    for (let i = this.receivers.length - 1; i >= 0; i--) {
      const r = this.receivers[i]!;
      if (r.handler === handler && (sender === undefined || r.sender === sender)) {
        this.receivers.splice(i, 1);
        removed = true;
      }
    }
    if (this.receivers.length === 0 && this.uninstall) {
      this.uninstall();
      this.uninstall = undefined;
    }
    return removed;
  }

  /** Whether some receiver would get the signal from `sender` (from any sender when omitted). */
  hasReceivers(sender?: SenderClass): boolean {
    return sender === undefined ? this.receivers.length > 0 : this.receivers.some((r) => matches(r, sender));
  }

  /** Removes every receiver. */
  disconnectAll(): void {
    this.receivers.length = 0;
    this.uninstall?.();
    this.uninstall = undefined;
  }

  /** Calls the matching receivers in order, awaiting each. */
  async sendEvent(sender: SenderClass, event: object): Promise<void> {
    for (const r of [...this.receivers]) {
      if (matches(r, sender)) await (r.handler as (e: object) => unknown)(event);
    }
  }

  /** Calls the matching receivers in order, synchronously; a receiver returning a promise is an error. */
  sendEventSync(sender: SenderClass, event: object): void {
    for (const r of [...this.receivers]) {
      if (!matches(r, sender)) continue;
      const out = (r.handler as (e: object) => unknown)(event);
      if (out !== null && typeof out === 'object' && typeof (out as { then?: unknown }).then === 'function') {
        (out as Promise<unknown>).catch(() => undefined);
        throw new SignalError(
          `A ${this.name} handler returned a promise: ${this.name} runs inside the synchronous constructor, ` +
            `so its handlers must be synchronous. Use postSave (or an explicit async step) for async work.`,
        );
      }
    }
  }
}

function matches(r: Receiver, sender: SenderClass): boolean {
  if (r.sender === undefined || r.sender === sender) return true;
  return r.includeSubclasses && sender.prototype instanceof r.sender;
}
