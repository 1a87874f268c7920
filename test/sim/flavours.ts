// What differs between console versions, as data: each endpoint consults these traits instead of version names.

export type Flavour = 'console-1.0' | 'console-2019' | 'dashboard-1.0' | 'dashboard-2.0' | 'dashboard-2.1' | 'dashboard-2.1-secure';

/** The flavours whose API differs. The secure build answers every lag call as 2.1 does: only its login differs. */
export const FLAVOURS: readonly Flavour[] = ['console-1.0', 'console-2019', 'dashboard-1.0', 'dashboard-2.0', 'dashboard-2.1'];

/**
 * The dashboard build after the 2.1.0 tag (Spring Security; images still labelled 2.1.0 or latest): each POST needs the
 * XSRF-TOKEN cookie echoed in X-XSRF-TOKEN (403 without), and login.do takes only JSON (415 for a form).
 */
export const SECURE_FLAVOUR = 'dashboard-2.1-secure' satisfies Flavour;

export const ALL_FLAVOURS: readonly Flavour[] = [...FLAVOURS, SECURE_FLAVOUR];

export interface FlavourTraits {
  readonly flavour: Flavour;
  readonly defaultPort: number;
  /** Session login can be switched on (console 2019 and later). */
  readonly supportsLogin: boolean;
  /** login.do answers {loginUserName, loginUserRole, contextPath} instead of the context path alone. */
  readonly loginReturnsUser: boolean;
  /** System topics listed as `%SYS%name` unless skipSysProcess=true. */
  readonly markSystemTopics: boolean;
  /** topic/list.query honours skipRetryAndDlq; topic/list.queryTopicType exists. */
  readonly dashboard: boolean;
  /** groupList adds address[] and subGroupType, marks system groups, honours skipSysGroup; proxy/homePage exists; RocketMQ 5 models. */
  readonly v2: boolean;
  /** groupList adds updateTime and is served from a cache built once. */
  readonly groupListCache: boolean;
  /** queryTopicByConsumer / consumerConnection need `address`. */
  readonly requiresAddress: boolean;
  /** queryTopicByConsumer reads every address (one entry per topic and broker) rather than only the first. */
  readonly everyAddress: boolean;
  /** queryTopicByConsumer answers [] for a group without an offset table instead of an error. */
  readonly emptyOffsetTableIsEmptyList: boolean;
  /** Spring Security's CSRF check on every POST, and a JSON-only login.do (docs/console-api.md, "Authentication"). */
  readonly csrfLogin: boolean;
  /** Requests with a foreign Origin header are refused (403). */
  readonly rejectsForeignOrigin: boolean;
  /** ops/homePage carries useTLS / currentNamesrv. */
  readonly homePageTls: boolean;
  readonly homePageCurrentNamesrv: boolean;
  /** Spring's message for a missing required parameter. */
  readonly missingParameter: (name: string) => string;
}

const springOld = (name: string) => `Required String parameter '${name}' is not present`;
const springNew = (name: string) => `Required request parameter '${name}' for method parameter type String is not present`;

const BASE: Omit<FlavourTraits, 'flavour'> = {
  defaultPort: 8080,
  supportsLogin: false,
  loginReturnsUser: false,
  markSystemTopics: false,
  dashboard: false,
  v2: false,
  groupListCache: false,
  requiresAddress: false,
  everyAddress: true,
  emptyOffsetTableIsEmptyList: false,
  csrfLogin: false,
  rejectsForeignOrigin: false,
  homePageTls: false,
  homePageCurrentNamesrv: false,
  missingParameter: springOld,
};

const TRAITS: Readonly<Record<Exclude<Flavour, typeof SECURE_FLAVOUR>, FlavourTraits>> = {
  'console-1.0': { ...BASE, flavour: 'console-1.0' },
  'console-2019': { ...BASE, flavour: 'console-2019', supportsLogin: true, markSystemTopics: true, homePageTls: true },
  'dashboard-1.0': {
    ...BASE,
    flavour: 'dashboard-1.0',
    supportsLogin: true,
    loginReturnsUser: true,
    markSystemTopics: true,
    dashboard: true,
    homePageTls: true,
    homePageCurrentNamesrv: true,
  },
  'dashboard-2.0': {
    ...BASE,
    flavour: 'dashboard-2.0',
    supportsLogin: true,
    loginReturnsUser: true,
    markSystemTopics: true,
    dashboard: true,
    v2: true,
    requiresAddress: true,
    everyAddress: false,
    homePageTls: true,
    homePageCurrentNamesrv: true,
    missingParameter: springNew,
  },
  'dashboard-2.1': {
    ...BASE,
    flavour: 'dashboard-2.1',
    defaultPort: 8082,
    supportsLogin: true,
    loginReturnsUser: true,
    markSystemTopics: true,
    dashboard: true,
    v2: true,
    groupListCache: true,
    requiresAddress: true,
    everyAddress: true,
    emptyOffsetTableIsEmptyList: true,
    rejectsForeignOrigin: true,
    homePageTls: true,
    homePageCurrentNamesrv: true,
    missingParameter: springNew,
  },
};

const SECURE_TRAITS: FlavourTraits = { ...TRAITS['dashboard-2.1'], flavour: SECURE_FLAVOUR, csrfLogin: true };

export function traitsOf(flavour: Flavour): FlavourTraits {
  if (flavour === SECURE_FLAVOUR) return SECURE_TRAITS;
  return TRAITS[flavour];
}

export function isFlavour(value: string): value is Flavour {
  return (ALL_FLAVOURS as readonly string[]).includes(value);
}
