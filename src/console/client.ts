// The only code that speaks to the RocketMQ console: typed answers, typed errors, one interface for every flavour.
import {
  ConsoleDeadlineError, ConsoleError, ConsoleHttpStatusError, ConsoleMalformedResponseError, ConsoleNotAConsoleError, ConsoleStatusError,
  type ConsoleErrorKind,
} from './errors/index.js';
import { csrfTokenOf } from './csrf.js';
import { flavourOf, loginDataEvidence, topicListEvidence, type FlavourEvidence } from './flavour.js';
import { mergeTopicConsumerInfos } from './merge-topics.js';
import { rawGroupName } from './names.js';
import { RateLimit } from './rate-limit.js';
import { Semaphore } from './semaphore.js';
import { ConsoleSession, type ConsoleCredentials, type ConsoleLoginEvent } from './session.js';
import { ShapeError } from './shape-error.js';
import { foundIn, isForeignAnswer, STUDIO_PROBE, studioIn } from './target.js';
import { unwrapResponse } from './unwrap.js';
import { Transport, type ConsoleResponse, type PostBody } from './transport.js';
import type { ClusterBrokerNames, ConsoleHome, Flavour, GroupConsumeInfo, QueueMaxOffset, TopicConsumerInfo, TopicList } from './types.js';
import {
  validateClusterBrokerNames,
  validateConsumersOfTopic,
  validateGroupList,
  validateHomePage,
  validateLoginCheck,
  validateTopicConsumerInfoList,
  validateTopicList,
  validateTopicStats,
} from './validate.js';

export interface ConsoleRequestEvent {
  /** Console path without query, e.g. `/topic/queryConsumerByTopic.query`. */
  readonly endpoint: string;
  readonly outcome: 'success' | ConsoleErrorKind;
  /** From sending the request to the end of the body; time spent queued for a slot is not counted. */
  readonly durationSeconds: number;
}

export type { ConsoleLoginEvent } from './session.js';

export interface ConsoleClientOptions {
  /** http(s)://host[:port][/context-path] */
  readonly baseUrl: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Whole request: connect, headers and body. */
  readonly timeoutMs: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  readonly maxResponseBytes: number;
  /** CA certificates (PEM) for a console behind HTTPS with an internal CA. */
  readonly ca?: string | undefined;
  /** Accept any certificate from the console: for a test only. */
  readonly insecureSkipVerify?: boolean | undefined;
  /** A RocketMQ 5 proxy's host:port, passed to groupList (dashboard 2.x) so that it counts the proxy's consumers. */
  readonly proxyAddress?: string | undefined;
  /** Requests a second at most (a token bucket); 0 or undefined: no limit. */
  readonly maxRequestRate?: number | undefined;
  readonly onRequest?: ((event: ConsoleRequestEvent) => void) | undefined;
  readonly onLogin?: ((event: ConsoleLoginEvent) => void) | undefined;
}

const NO_OFFSETS = /offset table is empty/;

export const ENDPOINTS = {
  topicList: '/topic/list.query',
  consumersOfTopic: '/topic/queryConsumerByTopic.query',
  groupList: '/consumer/groupList.query',
  topicsOfGroup: '/consumer/queryTopicByConsumer.query',
  topicStats: '/topic/stats.query',
  clusterList: '/cluster/list.query',
  homePage: '/ops/homePage.query',
  loginCheck: '/login/check.query',
  login: '/login/login.do',
  csrfToken: '/rocketmq-dashboard/csrf-token',
} as const;

type Validate<T> = (data: unknown) => T;
/** Turns a response into the answer, or throws a ConsoleError (or a ShapeError, reported as malformed). */
type Read<T> = (response: ConsoleResponse) => T;
/** The answer a `status -1` stands for, when it is one (an expected refusal, not a failure); undefined otherwise. */
type AnswerOf<T> = (error: ConsoleStatusError) => T | undefined;

// The dashboard build after 2.1.0 (Spring Security) refuses a form login: 403 without a CSRF token, 415 for a form
// body, 400 for a body it cannot bind. Any of them: fetch a token and log in with JSON.
const CSRF_LOGIN_SIGNS: ReadonlySet<number> = new Set([400, 403, 415]);

// Console 1.x and 2.0 answer status -1 "offset table is empty" for a group without offsets; 2.1 answers []: same fact.
function noOffsets(error: ConsoleStatusError): TopicConsumerInfo[] | undefined {
  return NO_OFFSETS.test(error.consoleMessage) ? [] : undefined;
}

export class ConsoleClient {
  private readonly transport: Transport;
  private readonly slots: Semaphore;
  private readonly rate: RateLimit | undefined;
  private readonly secrets: readonly string[];
  private readonly session: ConsoleSession;
  private readonly onRequest: ConsoleClientOptions['onRequest'];
  private readonly evidence: FlavourEvidence = {};
  private readonly groupListQuery: string;
  private groupListProbe: Promise<void> | undefined;
  /** Form first; JSON with a CSRF token once the console refused a form login as the secure dashboard build does. */
  private loginStyle: 'form' | 'json' = 'form';
  /** Some call was answered as a console answers: a foreign answer after that is a console's failure, not a wrong URL. */
  private answeredOnce = false;
  private identifying: Promise<string | undefined> | undefined;

  constructor(options: ConsoleClientOptions) {
    const { username, password } = options;
    const credentials = username !== undefined && username !== '' && password !== undefined ? { username, password } : undefined;
    this.secrets = password === undefined || password === '' ? [] : [password];
    this.slots = new Semaphore(options.concurrency);
    this.rate = options.maxRequestRate !== undefined && options.maxRequestRate > 0 ? new RateLimit(options.maxRequestRate) : undefined;
    this.transport = new Transport({
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      connections: options.concurrency,
      maxResponseBytes: options.maxResponseBytes,
      secrets: this.secrets,
      ca: options.ca,
      insecureSkipVerify: options.insecureSkipVerify,
    });
    this.onRequest = options.onRequest;
    this.groupListQuery = options.proxyAddress === undefined ? 'skipSysGroup=false' : `skipSysGroup=false&address=${encodeURIComponent(options.proxyAddress)}`;
    this.session = new ConsoleSession({
      credentials,
      attempts: {
        check: () => this.attempt(ENDPOINTS.loginCheck, '', undefined, this.envelope(ENDPOINTS.loginCheck, validateLoginCheck)),
        login: (given) => this.login(given),
      },
      onLogin: options.onLogin,
    });
  }

  // Every call takes `cancel`, the walk's deadline: a call not yet sent when it fires is never sent.

  /** All topics, without `skipSysProcess`, so that consoles since 2019 mark system topics with `%SYS%`. */
  async listTopics(cancel?: AbortSignal): Promise<TopicList> {
    const list = await this.call(ENDPOINTS.topicList, '', validateTopicList, cancel);
    this.evidence.topicList = topicListEvidence(list.topics, list.systemMarked) ?? this.evidence.topicList;
    return list;
  }

  /** Consumer group -> its consumption of `topic`; a group whose stats failed has no queue rows. */
  consumersOfTopic(topic: string, cancel?: AbortSignal): Promise<Map<string, TopicConsumerInfo>> {
    return this.call(ENDPOINTS.consumersOfTopic, `topic=${encodeURIComponent(topic)}`, validateConsumersOfTopic, cancel);
  }

  /**
   * Every consumer group. `skipSysGroup=false` (the dashboards' default, sent so the choice is visible; older
   * consoles ignore it): dashboards then mark system groups `%SYS%`, as system topics are marked, instead of
   * leaving them indistinguishable; the per-group calls below strip the marker. With a proxy address, the dashboards
   * count the consumers connected through that proxy too (gRPC clients, which the console does not see otherwise).
   */
  async listGroups(cancel?: AbortSignal): Promise<GroupConsumeInfo[]> {
    const { groups, shape } = await this.call(ENDPOINTS.groupList, this.groupListQuery, validateGroupList, cancel);
    if (shape !== undefined) this.evidence.groupList = shape;
    return groups;
  }

  /**
   * The group's consumption, one entry per topic. Dashboard 2.0 reads only the first `address`, so it is asked
   * once per address; 2.1 takes them all at once and answers per broker; older consoles take no address.
   */
  async topicsOfGroup(group: GroupConsumeInfo, cancel?: AbortSignal): Promise<TopicConsumerInfo[]> {
    const byGroup = `consumerGroup=${encodeURIComponent(rawGroupName(group.group))}`;
    const addresses = group.address;
    if (addresses === null || addresses.length === 0) {
      return mergeTopicConsumerInfos([await this.consumptionOf(byGroup, cancel)]);
    }
    if (this.evidence.groupList === undefined) await this.probeGroupList();
    if (this.evidence.groupList === 'update-time') {
      const query = `${byGroup}&address=${encodeURIComponent(addresses.join(','))}`;
      return mergeTopicConsumerInfos([await this.consumptionOf(query, cancel)]);
    }
    // One call per address is right on 2.0, and still right (only slower) when the version stayed unknown.
    const answers = await Promise.all(
      addresses.map((address) =>
        this.consumptionOf(`${byGroup}&address=${encodeURIComponent(address)}`, cancel),
      ),
    );
    return mergeTopicConsumerInfos(answers);
  }

  private consumptionOf(query: string, cancel: AbortSignal | undefined): Promise<TopicConsumerInfo[]> {
    return this.call(ENDPOINTS.topicsOfGroup, query, validateTopicConsumerInfoList, cancel, noOffsets);
  }

  /** Each queue of `topic` with its max offset and the store time of its last message. */
  topicStats(topic: string, cancel?: AbortSignal): Promise<QueueMaxOffset[]> {
    return this.call(ENDPOINTS.topicStats, `topic=${encodeURIComponent(topic)}`, validateTopicStats, cancel);
  }

  /** The name servers the console reads from: free for the cluster (the console's own setting). */
  homePage(cancel?: AbortSignal): Promise<ConsoleHome> {
    return this.call(ENDPOINTS.homePage, '', validateHomePage, cancel);
  }

  /** Cluster and broker names: console 1.0 lists them as topics without marking them as system topics. */
  clusterBrokerNames(cancel?: AbortSignal): Promise<ClusterBrokerNames> {
    return this.call(ENDPOINTS.clusterList, '', validateClusterBrokerNames, cancel);
  }

  /** The console version, as far as the responses seen so far tell it. */
  flavour(): Flavour | undefined {
    return flavourOf(this.evidence);
  }

  /** Lets requests in flight finish for up to `graceMs`, then aborts them and closes the sockets. */
  close(graceMs = 1000): Promise<void> {
    return this.transport.close(graceMs);
  }

  /** A guarded call: the session logs in first if needed, and once more (then retries once) if the session was lost. */
  private async call<T>(endpoint: string, query: string, validate: Validate<T>, cancel: AbortSignal | undefined, answerOf?: AnswerOf<T>): Promise<T> {
    const read = this.envelope(endpoint, validate);
    try {
      return await this.session.run(endpoint, () => this.attempt(endpoint, query, undefined, read, cancel, answerOf));
    } catch (error) {
      if (this.answeredOnce || !(error instanceof ConsoleError) || !isForeignAnswer(error)) throw error;
      throw new ConsoleNotAConsoleError(endpoint, (await this.identify()) ?? foundIn(error), { secrets: this.secrets, cause: error });
    }
  }

  /** Reads the console's `{status, data, errMsg}` wrapper, then `data`. */
  private envelope<T>(endpoint: string, validate: Validate<T>, isLogin = false): Read<T> {
    return (response) => {
      const data = unwrapResponse(endpoint, response, isLogin, this.secrets);
      this.answeredOnce = true;
      return validate(data);
    };
  }

  /** One request, reported to onRequest whatever its outcome once sent. */
  private async attempt<T>(
    endpoint: string, query: string, post: PostBody | undefined, read: Read<T>, cancel?: AbortSignal, answerOf?: AnswerOf<T>,
  ): Promise<T> {
    await this.admit(endpoint, cancel);
    const startedAt = performance.now();
    let outcome: ConsoleRequestEvent['outcome'] = 'success';
    try {
      const response = await this.transport.exchange(endpoint, query, post, cancel);
      try {
        return read(response);
      } catch (error) {
        if (error instanceof ShapeError) throw new ConsoleMalformedResponseError(endpoint, error.message, { secrets: this.secrets });
        throw error;
      }
    } catch (error) {
      const answer = error instanceof ConsoleStatusError ? answerOf?.(error) : undefined;
      if (answer !== undefined) return answer;
      // Only a validator bug throws something else; it is still a body the exporter could not use.
      outcome = error instanceof ConsoleError ? error.kind : 'malformed';
      throw error;
    } finally {
      this.slots.release();
      this.report(endpoint, outcome, (performance.now() - startedAt) / 1000);
    }
  }

  /** Waits for the rate limit and a slot; a call cancelled meanwhile is never sent. */
  private async admit(endpoint: string, cancel: AbortSignal | undefined): Promise<void> {
    try {
      await this.rate?.take(cancel);
      await this.slots.acquire(cancel);
    } catch {
      throw new ConsoleDeadlineError(endpoint);
    }
  }

  /**
   * The raw login attempt lent to the session: a form post, or, on the dashboard build after 2.1.0, a CSRF token then a
   * JSON post (detected when it refuses the form; kept for later logins). What login.do answers tells the version too.
   */
  private async login(credentials: ConsoleCredentials): Promise<void> {
    const readLogin = this.envelope(ENDPOINTS.login, identity, true);
    let csrfToken: string | undefined;
    if (this.loginStyle === 'form') {
      const text = new URLSearchParams({ username: credentials.username, password: credentials.password }).toString();
      try {
        this.loggedIn(await this.attempt(ENDPOINTS.login, '', { type: 'form', text }, readLogin));
        return;
      } catch (error) {
        if (!(error instanceof ConsoleHttpStatusError) || !CSRF_LOGIN_SIGNS.has(error.status)) throw error;
        // No token to be had: this console refused the form for another reason, which the form's error says.
        csrfToken = await this.csrfToken().catch(() => {
          throw error;
        });
      }
    }
    // Spring hands out a new token with each session: one fetched for every login.
    csrfToken ??= await this.csrfToken();
    const text = JSON.stringify({ username: credentials.username, password: credentials.password });
    this.loggedIn(await this.attempt(ENDPOINTS.login, '', { type: 'json', text, csrfToken }, readLogin));
    this.loginStyle = 'json';
  }

  private csrfToken(): Promise<string> {
    return this.attempt(ENDPOINTS.csrfToken, '', undefined, (response) => csrfTokenOf(ENDPOINTS.csrfToken, response, this.transport.cookies, this.secrets));
  }

  private loggedIn(data: unknown): void {
    this.evidence.loginData = loginDataEvidence(data) ?? this.evidence.loginData;
  }

  /**
   * What answers at the URL, asked when the first answers are foreign (HTTP 404, HTML, other JSON): RocketMQ Studio
   * named, or undefined (then the foreign answer itself says what was found). Asked once: a target that never
   * answered as a console is what it was.
   */
  private identify(): Promise<string | undefined> {
    this.identifying ??= this.attempt(STUDIO_PROBE, '', undefined, studioIn).catch(() => undefined);
    return this.identifying;
  }

  // groupList is what tells dashboard 2.0 from 2.1. Probed once: callers share it, and its failure is no failure
  // of theirs (they fall back to one call per address, right on both); later listGroups calls still update it.
  private probeGroupList(): Promise<void> {
    this.groupListProbe ??= this.listGroups().then(
      () => undefined,
      () => undefined,
    );
    return this.groupListProbe;
  }

  // An observer that throws must not turn a good console answer into a failure.
  private report(endpoint: string, outcome: ConsoleRequestEvent['outcome'], durationSeconds: number): void {
    try {
      this.onRequest?.({ endpoint, outcome, durationSeconds });
    } catch {
      // ignored on purpose: see above
    }
  }
}

function identity(data: unknown): unknown {
  return data;
}
