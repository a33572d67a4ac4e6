import type { EngineActivities, HttpRequestResult } from '../../lib/contracts/engine-activities';
import type { HttpMock, QueueMock, TestMocks } from '../../lib/contracts/test-mocks-schema';
import { maskedHttpText } from '../../lib/http-text';

export type { HttpMock, QueueMock, TestMocks } from '../../lib/contracts/test-mocks-schema';

/** Milliseconds to add to workflow time so that `now` is the mocked start. */
export function clockOffset(mocks: TestMocks | null, workflowNow: number): number {
  if (!mocks?.now) return 0;
  const at = Date.parse(mocks.now);
  return Number.isNaN(at) ? 0 : at - workflowNow;
}

/**
 * The activities a mocked test run uses: business hours and matching HTTP calls answer from the
 * mocks (no activity runs), everything else goes to the real activity.
 */
export function withMocks(real: EngineActivities, mocks: TestMocks): EngineActivities {
  const businessHoursStatus: EngineActivities['businessHoursStatus'] = async (args) =>
    mocks.businessHours === 'real'
      ? real.businessHoursStatus(args)
      : { status: mocks.businessHours, holidayName: null };
  const httpRequest: EngineActivities['httpRequest'] = async (args) => {
    const mock = mocks.http.find(
      (m) =>
        maskedHttpText(args.url).includes(m.urlContains) && (m.method === 'ANY' || m.method === args.method),
    );
    return mock ? httpAnswer(mock) : real.httpRequest(args);
  };
  // Temporal's activity proxies have no own keys to spread: delegate through a Proxy instead.
  return new Proxy(real, {
    get(target, key, receiver) {
      if (key === 'businessHoursStatus') return businessHoursStatus;
      if (key === 'httpRequest') return httpRequest;
      return Reflect.get(target, key, receiver);
    },
  });
}

function httpAnswer(mock: HttpMock): HttpRequestResult {
  let body: unknown = mock.body;
  try {
    body = mock.body.trim() ? JSON.parse(mock.body) : '';
  } catch {
    // Not JSON: the flow gets the text, as from a real service answering text/plain.
  }
  return { status: mock.status, ok: mock.status >= 200 && mock.status < 300, body };
}

/**
 * What a mocked queue does with a transferred call: an agent takes it when one is free and the
 * expected wait fits in the node's maximum; otherwise the caller is not answered in time.
 */
export function queueMockOutcome(mock: QueueMock, maxWaitSeconds: number): 'answered' | 'timeout' {
  return mock.agentsAvailable > 0 && mock.waitSeconds <= maxWaitSeconds ? 'answered' : 'timeout';
}
