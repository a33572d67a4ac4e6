/** Thrown by a voice prompt when the caller hung up; the execution ends cleanly with outcome 'hung_up'. */
export class CallEndedError extends Error {
  constructor() {
    super('The caller hung up');
    this.name = 'CallEndedError';
  }
}
