// A small in-memory stand-in for the ConvexClient methods the models call, for unit tests of
// their state machines (timers, throttling, OT states). It does not pretend to be a backend:
// tests decide what each subscription delivers and how each call settles. Behaviour that needs
// the real client or functions is covered by the *.integration.test.ts files instead.
import type { ConnectionState as ClientConnectionState } from "convex/browser";
import { getFunctionName, type FunctionReference } from "convex/server";
import type { Value } from "convex/values";

/** A TokenStorage over a Map, with the Map exposed for assertions. */
export function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

type AnyRef = FunctionReference<"query" | "mutation" | "action", "public">;

export interface Call {
  name: string;
  args: Record<string, Value>;
  /** `Date.now()` when the call was made (fake timers in tests). */
  sentAt: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  settled: boolean;
}

interface Subscription {
  name: string;
  args: Record<string, Value>;
  callback(value: unknown): void;
  onError?: (error: Error) => void;
  active: boolean;
}

interface PaginatedSubscription {
  name: string;
  args: Record<string, Value>;
  initialNumItems: number;
  value: { results: unknown[]; status: string } | undefined;
  loadMoreRequests: number[];
  active: boolean;
  callback(value: unknown): void;
  onError: ((error: Error) => void) | undefined;
}

/** The fake. Cast to a model's client type with `asClient()`. */
export class FakeClient {
  readonly calls: Call[] = [];
  readonly subscriptions: Subscription[] = [];
  /** Handlers answering calls at once; a call without one stays pending in `calls`. */
  readonly handlers = new Map<string, (args: Record<string, Value>) => unknown>();
  private state: ClientConnectionState = {
    hasInflightRequests: false,
    isWebSocketConnected: true,
    timeOfOldestInflightRequest: null,
    hasEverConnected: true,
    connectionCount: 1,
    connectionRetries: 0,
    inflightMutations: 0,
    inflightActions: 0,
  };
  private readonly connectionListeners = new Set<(state: ClientConnectionState) => void>();
  auth: {
    fetchToken: (args: { forceRefreshToken: boolean }) => Promise<string | null | undefined>;
    onChange: (isAuthenticated: boolean) => void;
  } | null = null;
  clearAuthCalls = 0;
  readonly client = {
    url: "http://127.0.0.1:3210",
    clearAuth: () => {
      this.clearAuthCalls++;
    },
  };

  onUpdate = (
    ref: AnyRef,
    args: Record<string, Value>,
    callback: (value: unknown) => void,
    onError?: (error: Error) => void,
  ) => {
    const sub: Subscription = { name: getFunctionName(ref), args, callback, active: true };
    if (onError) sub.onError = onError;
    this.subscriptions.push(sub);
    const unsubscribe = () => {
      sub.active = false;
    };
    return Object.assign(unsubscribe, {
      unsubscribe,
      getCurrentValue: () => undefined,
      getQueryLogs: () => undefined,
    });
  };

  /**
   * A paginated subscription whose pages the test sets with `setPages` (ConvexClient keeps the
   * pages itself; this fake only replays what it is told). `loadMore` records its requests.
   */
  onPaginatedUpdate_experimental = (
    ref: AnyRef,
    args: Record<string, Value>,
    options: { initialNumItems: number },
    callback: (value: unknown) => void,
    onError?: (error: Error) => void,
  ) => {
    const name = getFunctionName(ref);
    const page: PaginatedSubscription = {
      name,
      args,
      initialNumItems: options.initialNumItems,
      value: undefined,
      loadMoreRequests: [],
      active: true,
      callback,
      onError,
    };
    this.paginated.push(page);
    const unsubscribe = () => {
      page.active = false;
    };
    return {
      unsubscribe,
      getCurrentValue: () =>
        page.value && {
          ...page.value,
          loadMore: (numItems: number) => {
            page.loadMoreRequests.push(numItems);
            return page.value?.status === "CanLoadMore";
          },
        },
    };
  };
  readonly paginated: PaginatedSubscription[] = [];

  /** Sets the pages of every active paginated subscription of `name` and notifies them. */
  setPages(name: string, value: { results: unknown[]; status: string }): void {
    for (const page of this.paginated) {
      if (!page.active || page.name !== name) continue;
      page.value = value;
      page.callback(value);
    }
  }

  mutation = (ref: AnyRef, args: Record<string, Value>) => this.call(ref, args);
  action = (ref: AnyRef, args: Record<string, Value> = {}) => this.call(ref, args);
  query = (ref: AnyRef, args: Record<string, Value>) => this.call(ref, args);

  setAuth = (
    fetchToken: (args: { forceRefreshToken: boolean }) => Promise<string | null | undefined>,
    onChange?: (isAuthenticated: boolean) => void,
  ) => {
    this.auth = { fetchToken, onChange: onChange ?? (() => {}) };
  };

  connectionState = () => this.state;

  subscribeToConnectionState = (listener: (state: ClientConnectionState) => void) => {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  };

  /** Changes the connection state and notifies like the real client. */
  setConnection(patch: Partial<ClientConnectionState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.connectionListeners) listener(this.state);
  }

  private call(ref: AnyRef, args: Record<string, Value>): Promise<never> {
    const name = getFunctionName(ref);
    const handler = this.handlers.get(name);
    return new Promise((resolve, reject) => {
      const call: Call = {
        name,
        args,
        sentAt: Date.now(),
        settled: false,
        resolve: (value) => {
          call.settled = true;
          resolve(value as never);
        },
        reject: (error) => {
          call.settled = true;
          reject(error);
        },
      };
      this.calls.push(call);
      if (handler) {
        try {
          call.resolve(handler(args));
        } catch (error) {
          call.reject(error);
        }
      }
    });
  }

  /** Calls of one function, oldest first. */
  callsTo(name: string): Call[] {
    return this.calls.filter((call) => call.name === name);
  }

  /** Active subscriptions to one query. */
  subscribed(name: string): Subscription[] {
    return this.subscriptions.filter((sub) => sub.active && sub.name === name);
  }

  /** Delivers `value` to every active subscription of `name` (matching `args` when given). */
  emit(name: string, value: unknown, args?: Record<string, Value>): void {
    for (const sub of this.subscribed(name)) {
      if (args === undefined || JSON.stringify(sub.args) === JSON.stringify(args)) {
        sub.callback(value);
      }
    }
  }

  /** Delivers an error to every active subscription of `name`. */
  fail(name: string, error: Error): void {
    for (const sub of this.subscribed(name)) sub.onError?.(error);
  }

  /** This fake typed as whatever client subset a model takes. */
  asClient<T>(): T {
    return this as unknown as T;
  }
}
