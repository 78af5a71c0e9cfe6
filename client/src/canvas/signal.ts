/** The smallest observable: subscribe a listener (get back its unsubscribe), emit to all of them. */
type Listener = () => void;

export class Signal {
  #listeners = new Set<Listener>();
  subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  emit(): void {
    for (const listener of this.#listeners) listener();
  }
}
