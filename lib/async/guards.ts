// Guards (driver.ts) for sockets and streams closed while an async call on them waits. The call
// then completes as its syscall would on a closed descriptor: it runs once more with a descriptor
// number no process has in place of the closed one (GONE_FD, as lib/streams gives a Socket whose
// stream was closed), so the syscall fails with EBADF and the sync function reports that as it
// reports any failure. The stand-in is there only while the call's own code runs.
import { setFd, streamFdChanged, type SocketState } from '../socket.js';
import { GONE_FD, isStream, noteBuffered, stateOf as streamState, type StreamState } from '../streams/stream.js';
import { drive, type Guard } from './driver.js';
import { lastError } from '../last_error.js';

/** The socket an async call uses: the closed-while-waiting stand-in, and its error codes. */
export class SocketScope implements Guard {
  private readonly state: SocketState | null;
  private swapped = false;
  /** The error codes when the run began (a soft call's wait puts them back: driver.ts). */
  private error = 0;
  private globalError = 0;

  /** `state`: the socket's (null when the argument is not an open Socket). */
  constructor(state: SocketState | null) {
    this.state = state !== null && state.fd >= 0 ? state : null;
  }

  begin(): void {
    this.globalError = lastError.global;
    const s = this.state;
    if (s === null) return;
    this.error = s.error;
    if (s.fd < 0) {
      setFd(s, GONE_FD);
      this.swapped = true;
    }
  }

  end(): void {
    if (!this.swapped) return;
    setFd(this.state!, -1);
    this.swapped = false;
  }

  abort(): void {
    lastError.global = this.globalError;
    if (this.state !== null) this.state.error = this.error;
  }
}

/** The fields of a stream's state a read changes before its syscall. */
type Snapshot = Pick<StreamState, 'buf' | 'pos' | 'position' | 'eof' | 'timedOut'>;

/**
 * The streams an async call uses: the closed-while-waiting stand-in (the stream is open on
 * GONE_FD while the call's code runs), and, for a sync function re-run from the start, the undo
 * of what a run changed before a probe asked to wait.
 */
export class StreamScope implements Guard {
  private readonly states: StreamState[] = [];
  private swapped: [StreamState, number][] = [];
  private snapshots: Snapshot[] = [];

  constructor(
    values: unknown[],
    private readonly rollback = false,
  ) {
    for (const v of values) {
      if (isStream(v)) {
        const s = streamState(v);
        if (s.open && !this.states.includes(s)) this.states.push(s);
      }
    }
  }

  begin(): void {
    for (const s of this.states) {
      if (!s.open) {
        this.swapped.push([s, s.fd]);
        s.open = true;
        s.fd = GONE_FD;
        streamFdChanged();
      }
    }
    if (this.rollback) {
      this.snapshots = this.states.map((s) => ({
        buf: s.buf,
        pos: s.pos,
        position: s.position,
        eof: s.eof,
        timedOut: s.timedOut,
      }));
    }
  }

  end(): void {
    for (const [s, fd] of this.swapped) {
      s.open = false;
      s.fd = fd;
      s.buf = '';
      s.pos = 0;
      streamFdChanged();
    }
    this.swapped = [];
  }

  abort(): void {
    if (!this.rollback) return;
    this.states.forEach((s, i) => {
      Object.assign(s, this.snapshots[i]);
      if (s.pos < s.buf.length) noteBuffered(s); // stream_select must see the bytes put back
    });
  }

  /** Runs a step of a multi-step call (a sync function over probes), waiting as it needs. */
  async run<T>(step: () => T): Promise<T> {
    this.end();
    try {
      return await drive(step, this);
    } finally {
      this.begin();
    }
  }
}
