/**
 * The gateway's OpenAPI 3.1 document, served at `GET /sandbox/v1/openapi.json`. It is built from the
 * same constants the gateway runs on (paths, result catalogue, field rules) and from the protocol's
 * TypeScript types (every request, response and user field must be described, or this file does not
 * compile), so it cannot drift; `document.test.ts` checks it against real answers.
 */
import {
  GRANT_TYPES,
  OPENAPI_PATHS,
  OPENAPI_PREFIX,
  RESULT_CODES,
  signedContent,
  wireResultCode,
  wireResultStatus,
  type Address,
  type ApiVersion,
  type ApplyTokenResponse,
  type ApplyTokenV1Request,
  type ApplyTokenV2Request,
  type CancelTokenV1Request,
  type ContactInfo,
  type InquiryUserInfoResponse,
  type InquiryUserInfoV1Request,
  type InquiryUserInfoV2Request,
  type ClaroDeliveryAddress,
  type ClaroUserInfo,
  type LoginIdInfo,
  type ResultCode,
  type ResultStatus,
  type RevokeResponse,
  type RevokeV2Request,
  type UserInfo,
  type UserName,
  type UserStatus,
  type WalletProfile,
  walletProfile,
} from '../deps.js';
import { FIELD_RULES, ID_CHARACTERS, V1_AUTH_CODE_RULE } from './validate.js';

type Schema = Record<string, unknown>;
/** A schema for every field of T, optional ones included: a field added to T must be described here. */
type PropertiesOf<T> = { [K in keyof Required<T>]: Schema };
type OperationKey = keyof typeof OPENAPI_PATHS;

/** The values of a string union; the compiler checks the record names all of them and only them. */
function enumOf<T extends string>(values: Record<T, true>): T[] {
  return Object.keys(values) as T[];
}

const ref = (kind: 'schemas' | 'parameters' | 'headers', name: string) => ({
  $ref: `#/components/${kind}/${name}`,
});

/** IDs and tokens may not hold special characters such as `@ # ?`: the gateway's own rule. */
const ID_PATTERN = ID_CHARACTERS.source;
/** Reference §2.2 and respond.ts: resultCode String(64), resultMessage clipped to 256. */
const RESULT_CODE_MAX = 64;
const RESULT_MESSAGE_MAX = 256;
/** Reference §3.1: customerId and userId are String(64). */
const CUSTOMER_ID_MAX = 64;
/** formatGatewayTime: ISO 8601, whole seconds, explicit offset. */
const GATEWAY_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}$';
/** parseGatewayTime: ISO 8601 with an offset or Z, or epoch milliseconds. */
const REQUEST_TIME_PATTERN =
  '^(\\d{12,14}|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2}))$';
const SIGNATURE_PATTERN = '^algorithm=RSA256, ?keyVersion=[^,\\s]+, ?signature=[^,\\s]+$';
const STATUSES: ResultStatus[] = ['S', 'F', 'U'];

type FieldRule = { max: number; id?: boolean; json?: boolean };

/** A request field as validate.ts checks it: a non-empty string, its max length, ID characters, JSON. */
function field(rule: FieldRule, description: string): Schema {
  return {
    type: 'string',
    minLength: 1,
    maxLength: rule.max,
    ...(rule.id && { pattern: ID_PATTERN }),
    ...(rule.json && { contentMediaType: 'application/json' }),
    description,
  };
}

const extendInfoField = field(FIELD_RULES.extendInfo, 'A JSON text, e.g. `{"memo":"memo"}`.');
const v1ExtendInfoField = {
  ...field(
    FIELD_RULES.extendInfo,
    'Required in the mini program scenario: a JSON text holding `customerBelongsTo`, the wallet\'s siteName from `my.getSiteInfo`, e.g. `{"customerBelongsTo":"SANDBOX"}`. Without it the answer is PARAM_ILLEGAL.',
  ),
  contentSchema: {
    type: 'object',
    required: ['customerBelongsTo'],
    properties: { customerBelongsTo: { type: 'string', minLength: 1 } },
  },
};
const grantTypeField = {
  type: 'string',
  enum: [...GRANT_TYPES],
  description: 'How to get the token pair: with an authCode or a refresh token.',
};
const authClientIdField = field(
  FIELD_RULES.authClientId,
  "The merchant's client ID. When sent, it must be the Client-Id that signed the request (else INVALID_AUTH_CLIENT).",
);
const accessTokenField = field(FIELD_RULES.accessToken, 'The access token applyToken returned.');

/** `if grantType is X then these fields are required`, as applyToken.ts checks them. */
function requiredWhenGrantType(
  grantType: (typeof GRANT_TYPES)[number],
  required: string[],
): Schema {
  return {
    if: {
      type: 'object',
      required: ['grantType'],
      properties: { grantType: { const: grantType } },
    },
    then: { type: 'object', required },
  };
}

const applyTokenV2Request: Schema = {
  type: 'object',
  description:
    'grantType AUTHORIZATION_CODE needs appId, authClientId and authCode; REFRESH_TOKEN needs refreshToken.',
  required: ['grantType'],
  properties: {
    appId: field(
      FIELD_RULES.appId,
      "The mini program's ID. Required with AUTHORIZATION_CODE (it must be the app the code was issued to, else INVALID_AUTHCODE); with REFRESH_TOKEN, when sent, it must be the token's app (else PARAM_ILLEGAL).",
    ),
    authClientId: {
      ...authClientIdField,
      description: `${authClientIdField['description'] as string} Required with AUTHORIZATION_CODE.`,
    },
    grantType: grantTypeField,
    customerBelongsTo: field(
      FIELD_RULES.customerBelongsTo,
      'The wallet the user belongs to (optional in the sandbox).',
    ),
    authCode: field(
      FIELD_RULES.authCode,
      'The single-use code from `my.getAuthCode`. Required with AUTHORIZATION_CODE.',
    ),
    refreshToken: field(
      FIELD_RULES.refreshToken,
      'The latest refresh token (refresh tokens rotate and are single-use). Required with REFRESH_TOKEN.',
    ),
    extendInfo: extendInfoField,
  } satisfies PropertiesOf<ApplyTokenV2Request>,
  allOf: [
    requiredWhenGrantType('AUTHORIZATION_CODE', ['appId', 'authClientId', 'authCode']),
    requiredWhenGrantType('REFRESH_TOKEN', ['refreshToken']),
  ],
};

const applyTokenV1Request: Schema = {
  type: 'object',
  description:
    'grantType AUTHORIZATION_CODE needs authCode, REFRESH_TOKEN needs refreshToken; extendInfo with customerBelongsTo is always required.',
  required: ['grantType', 'extendInfo'],
  properties: {
    referenceClientId: field(
      FIELD_RULES.referenceClientId,
      "The mini program's ID. With AUTHORIZATION_CODE, when sent, it must be the app the code was issued to (else REFERENCE_CLIENT_ID_NOT_MATCH); ignored with REFRESH_TOKEN.",
    ),
    grantType: grantTypeField,
    authCode: field(
      V1_AUTH_CODE_RULE,
      'The single-use code from `my.getAuthCode`. Required with AUTHORIZATION_CODE.',
    ),
    refreshToken: field(
      FIELD_RULES.refreshToken,
      'The latest refresh token. Required with REFRESH_TOKEN.',
    ),
    extendInfo: v1ExtendInfoField,
  } satisfies PropertiesOf<ApplyTokenV1Request>,
  allOf: [
    requiredWhenGrantType('AUTHORIZATION_CODE', ['authCode']),
    requiredWhenGrantType('REFRESH_TOKEN', ['refreshToken']),
  ],
};

const tokenAppIdField = field(
  FIELD_RULES.appId,
  'Required in v2; it must be the app the token was issued to (else INVALID_ACCESS_TOKEN).',
);

const inquiryUserInfoV2Request: Schema = {
  type: 'object',
  required: ['appId', 'authClientId', 'accessToken'],
  properties: {
    appId: tokenAppIdField,
    authClientId: authClientIdField,
    accessToken: accessTokenField,
    customerBelongsTo: { type: 'string', description: 'Accepted and not checked by the sandbox.' },
    extendInfo: extendInfoField,
  } satisfies PropertiesOf<InquiryUserInfoV2Request>,
};

const inquiryUserInfoV1Request: Schema = {
  type: 'object',
  required: ['accessToken'],
  properties: {
    authClientId: authClientIdField,
    accessToken: accessTokenField,
    extendInfo: extendInfoField,
  } satisfies PropertiesOf<InquiryUserInfoV1Request>,
};

const revokeV2Request: Schema = {
  type: 'object',
  required: ['appId', 'authClientId', 'accessToken'],
  properties: {
    appId: tokenAppIdField,
    authClientId: authClientIdField,
    accessToken: accessTokenField,
    extendInfo: extendInfoField,
  } satisfies PropertiesOf<RevokeV2Request>,
};

const cancelTokenV1Request: Schema = {
  type: 'object',
  required: ['accessToken'],
  properties: {
    accessToken: accessTokenField,
    extendInfo: extendInfoField,
  } satisfies PropertiesOf<CancelTokenV1Request>,
};

/** Response fields. */
const tokenOut = (description: string): Schema => ({
  type: 'string',
  minLength: 1,
  maxLength: FIELD_RULES.accessToken.max,
  pattern: ID_PATTERN,
  description,
});
const timeOut = (description: string): Schema => ({
  type: 'string',
  format: 'date-time',
  pattern: GATEWAY_TIME_PATTERN,
  description,
});
const customerIdOut: Schema = {
  type: 'string',
  minLength: 1,
  maxLength: CUSTOMER_ID_MAX,
  pattern: ID_PATTERN,
  description: "The user's ID, stable per user and app.",
};
const extendInfoOut: Schema = {
  type: 'string',
  maxLength: FIELD_RULES.extendInfo.max,
  description: 'A JSON text (the sandbox does not send it).',
};
/** Answers other than S carry `result` and nothing else. */
const ON_SUCCESS = {
  type: 'object',
  required: ['result'],
  properties: {
    result: {
      type: 'object',
      required: ['resultStatus'],
      properties: { resultStatus: { const: 'S' } },
    },
  },
};
const resultOnly = { type: 'object', maxProperties: 1 };

function applyTokenResponse(result: Schema): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['result'],
    properties: {
      result,
      accessToken: tokenOut('Keep it on the merchant server; never send it to the mini program.'),
      accessTokenExpiryTime: timeOut('When the access token expires.'),
      refreshToken: tokenOut('Single-use: each refresh returns a new one.'),
      refreshTokenExpiryTime: timeOut('When the refresh token expires.'),
      customerId: customerIdOut,
      extendInfo: extendInfoOut,
    } satisfies PropertiesOf<ApplyTokenResponse>,
    if: ON_SUCCESS,
    then: {
      type: 'object',
      required: [
        'accessToken',
        'accessTokenExpiryTime',
        'refreshToken',
        'refreshTokenExpiryTime',
        'customerId',
      ],
    },
    else: resultOnly,
  };
}

function inquiryUserInfoResponse(result: Schema): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['result'],
    properties: {
      result,
      userInfo: ref('schemas', 'UserInfo'),
    } satisfies PropertiesOf<InquiryUserInfoResponse>,
    if: ON_SUCCESS,
    then: { type: 'object', required: ['userInfo'] },
    else: resultOnly,
  };
}

function revokeResponse(result: Schema): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['result'],
    properties: { result, extendInfo: extendInfoOut } satisfies PropertiesOf<RevokeResponse>,
  };
}

const text = (description?: string): Schema => ({
  type: 'string',
  ...(description && { description }),
});
const closed = (properties: Schema, required: string[], description?: string): Schema => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
  ...(description && { description }),
});
const contactType = {
  type: 'string',
  enum: enumOf<ContactInfo['contactType']>({ MOBILE_PHONE: true, EMAIL: true }),
};

/** The fields of an address, in the Alipay+ connect Address and Claro's DeliveryAddress alike. */
const addressProperties = {
  label: text(),
  region: text(),
  state: text(),
  city: text(),
  address1: text(),
  address2: text(),
  zipCode: text(),
};

const userSchemas: Record<string, Schema> = {
  UserInfo: closed(
    {
      userId: { ...customerIdOut, description: 'The customerId applyToken returned.' },
      status: {
        type: 'string',
        enum: enumOf<UserStatus>({ ACTIVE: true, FROZEN: true, INACTIVE: true }),
      },
      nickName: { type: 'string', maxLength: 256 },
      userName: ref('schemas', 'UserName'),
      avatar: { type: 'string', format: 'uri', maxLength: 256 },
      gender: {
        type: 'string',
        enum: enumOf<NonNullable<UserInfo['gender']>>({ MALE: true, FEMALE: true }),
      },
      birthDate: { type: 'string', format: 'date' },
      nationality: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166 alpha-2.' },
      loginIdInfos: { type: 'array', items: ref('schemas', 'LoginIdInfo') },
      contactInfos: { type: 'array', items: ref('schemas', 'ContactInfo') },
      userAddresses: { type: 'array', items: ref('schemas', 'Address') },
      extendInfo: extendInfoOut,
    } satisfies PropertiesOf<UserInfo>,
    ['userId'],
    "Only the fields the token's scopes unlock are present (an auth_base token gives userId and status).",
  ),
  UserName: closed(
    {
      fullName: text(),
      firstName: text(),
      middleName: text(),
      lastName: text(),
    } satisfies PropertiesOf<UserName>,
    ['fullName'],
  ),
  LoginIdInfo: closed(
    {
      loginId: text('The plain login ID (PLAINTEXT_* scopes).'),
      loginIdType: {
        type: 'string',
        enum: enumOf<LoginIdInfo['loginIdType']>({ MOBILE_PHONE: true, EMAIL: true }),
      },
      hashLoginId: {
        type: 'string',
        pattern: '^[0-9a-f]{64}$',
        description: 'SHA-256 of the login ID, lower-case hex.',
      },
      maskLoginId: text('The login ID with its middle masked.'),
    } satisfies PropertiesOf<LoginIdInfo>,
    ['loginIdType'],
  ),
  ContactInfo: closed({ contactNo: text(), contactType } satisfies PropertiesOf<ContactInfo>, [
    'contactNo',
    'contactType',
  ]),
  Address: closed(addressProperties satisfies PropertiesOf<Address>, [
    'region',
    'city',
    'address1',
  ]),
};

/** Claro's flat user: the customer family's fields at the top level (its v2 data dictionary). */
const claroUserProperties = {
  userId: { ...customerIdOut, description: 'The customerId applyToken returned.' },
  phoneNumber: text('User_Customer_Info, User_Customer_KYC_Info.'),
  email: text('User_Customer_Info, User_Customer_KYC_Info.'),
  deliveryAddress: {
    type: 'array',
    items: ref('schemas', 'DeliveryAddress'),
    description: 'User_Customer_Info, User_Customer_KYC_Info.',
  },
  documentType: text('User_Customer_KYC_Info.'),
  documentNo: text('User_Customer_KYC_Info.'),
  name: text('User_Customer_KYC_Info.'),
  surname: text('User_Customer_KYC_Info.'),
  extendInfo: extendInfoOut,
} satisfies PropertiesOf<ClaroUserInfo>;

/** The user schemas of a wallet: Claro's flat user, or the Alipay+ connect User. */
function userSchemasOf(profile: WalletProfile): Record<string, Schema> {
  if (profile.userInfoShape !== 'claro') return userSchemas;
  const alipay = userSchemas['UserInfo'] as { properties: Record<string, Schema> };
  const { contactInfos: _c, userAddresses: _a, ...userFamily } = alipay.properties;
  return {
    ...userSchemas,
    UserInfo: closed(
      { ...userFamily, ...claroUserProperties },
      ['userId'],
      `${profile.name}'s flat user: the customer family's fields (phoneNumber, email, deliveryAddress, documentType, documentNo, name, surname) at the top level; only the fields the token's scopes unlock are present.`,
    ),
    DeliveryAddress: closed(
      {
        name: text(),
        phoneNumber: text(),
        ...addressProperties,
      } satisfies PropertiesOf<ClaroDeliveryAddress>,
      [],
    ),
  };
}

/** Outcomes of the checks every call goes through: headers, client, signature, body. */
const COMMON_CODES: ResultCode[] = [
  'SUCCESS',
  'PARAM_ILLEGAL',
  'INVALID_AUTH_CLIENT',
  'INVALID_SIGNATURE',
  'KEY_NOT_FOUND',
  'UNKNOWN_EXCEPTION',
];
/** In the real gateway's common table; the sandbox never sends them. */
const REAL_GATEWAY_ONLY_CODES: ResultCode[] = [
  'PROCESS_FAIL',
  'ACCESS_DENIED',
  'INVALID_API',
  'REQUEST_TRAFFIC_EXCEED_LIMIT',
];
const APPLY_TOKEN_CODES: ResultCode[] = [
  'AUTH_CLIENT_UNSUPPORTED_GRANT_TYPE',
  'INVALID_AUTHCODE',
  'USED_AUTHCODE',
  'EXPIRED_AUTHCODE',
  'INVALID_REFRESH_TOKEN',
  'USED_REFRESH_TOKEN',
  'EXPIRED_REFRESH_TOKEN',
];

interface OperationSpec {
  version: ApiVersion;
  tag: 'authorizations' | 'users';
  summary: string;
  description: string;
  request: Schema;
  response: (result: Schema) => Schema;
  /** What this operation may answer besides COMMON_CODES. */
  codes: ResultCode[];
  /** Documented for the real gateway; the sandbox never sends them. */
  realOnly?: ResultCode[];
}

/** One entry per OPENAPI_PATHS key: a new gateway path does not compile until it is documented. */
const OPERATIONS: Record<OperationKey, OperationSpec> = {
  applyTokenV2: {
    version: 'v2',
    tag: 'authorizations',
    summary: 'Trade an authCode or a refresh token for a token pair',
    description:
      "With AUTHORIZATION_CODE the single-use authCode from `my.getAuthCode` becomes an access token, a refresh token and the user's customerId. With REFRESH_TOKEN the refresh token is spent and a new pair returned (the old access token stops working).",
    request: applyTokenV2Request,
    response: applyTokenResponse,
    codes: APPLY_TOKEN_CODES,
    realOnly: ['INVALID_AUTH_CLIENT_STATUS'],
  },
  applyTokenV1: {
    version: 'v1',
    tag: 'authorizations',
    summary: 'Trade an authCode or a refresh token for a token pair (v1)',
    description:
      'The v1 flavour of applyToken: `referenceClientId` instead of appId, `extendInfo` must carry `customerBelongsTo`, and v1 names the authCode outcomes `*_CODE`.',
    request: applyTokenV1Request,
    response: applyTokenResponse,
    codes: [...APPLY_TOKEN_CODES, 'REFERENCE_CLIENT_ID_NOT_MATCH'],
    realOnly: ['INVALID_AUTH_CLIENT_STATUS'],
  },
  inquiryUserInfoV2: {
    version: 'v2',
    tag: 'users',
    summary: "Read the user's profile with an access token",
    description: "Returns `userInfo` with only the fields the token's scopes unlock.",
    request: inquiryUserInfoV2Request,
    response: inquiryUserInfoResponse,
    codes: ['INVALID_ACCESS_TOKEN', 'EXPIRED_ACCESS_TOKEN'],
  },
  inquiryUserInfoV1: {
    version: 'v1',
    tag: 'users',
    summary: "Read the user's profile with an access token (v1)",
    description: 'The v1 flavour of inquiryUserInfo.',
    request: inquiryUserInfoV1Request,
    response: inquiryUserInfoResponse,
    codes: ['INVALID_ACCESS_TOKEN', 'EXPIRED_ACCESS_TOKEN'],
  },
  revokeV2: {
    version: 'v2',
    tag: 'authorizations',
    summary: 'Revoke an access token and its refresh token',
    description:
      'On S neither token works any more. An access token that has only expired can still be revoked.',
    request: revokeV2Request,
    response: revokeResponse,
    codes: ['INVALID_ACCESS_TOKEN'],
  },
  cancelTokenV1: {
    version: 'v1',
    tag: 'authorizations',
    summary: 'Revoke an access token and its refresh token (v1)',
    description: 'The v1 flavour of revoke.',
    request: cancelTokenV1Request,
    response: revokeResponse,
    codes: ['INVALID_ACCESS_TOKEN'],
  },
};

const pascal = (key: string) => `${key[0]!.toUpperCase()}${key.slice(1)}`;

/** The operation's `result`: its result codes in its version's names, each with its catalogue status. */
function resultSchema(codes: ResultCode[], version: ApiVersion): Schema {
  const wire = (code: ResultCode) => wireResultCode(code, version);
  return {
    type: 'object',
    additionalProperties: false,
    required: ['resultCode', 'resultStatus', 'resultMessage'],
    properties: {
      resultCode: { type: 'string', maxLength: RESULT_CODE_MAX, enum: codes.map(wire) },
      resultStatus: {
        type: 'string',
        enum: STATUSES,
        description: 'S success, F failed (do not retry as is), U unknown (retry).',
      },
      resultMessage: { type: 'string', maxLength: RESULT_MESSAGE_MAX },
    },
    // Each code comes with its own status.
    oneOf: STATUSES.filter((status) =>
      codes.some((code) => wireResultStatus(code, version) === status),
    ).map((status) => ({
      type: 'object',
      properties: {
        resultStatus: { const: status },
        resultCode: {
          enum: codes.filter((code) => wireResultStatus(code, version) === status).map(wire),
        },
      },
    })),
  };
}

function codeList(codes: ResultCode[], version: ApiVersion, note = ''): string {
  return codes
    .map((code) => {
      const info = RESULT_CODES[code] as { status: ResultStatus; message: string; fix?: string };
      return `- \`${wireResultCode(code, version)}\` (${wireResultStatus(code, version)}): ${info.message}${info.fix ? ` ${info.fix}` : ''}${note}`;
    })
    .join('\n');
}

const SIGNED_CONTENT = signedContent(
  'POST',
  '<path>',
  '<Client-Id>',
  '<Request-Time>',
  '<raw body>',
);
const SIGNED_RESPONSE = signedContent(
  'POST',
  '<path>',
  '<Client-Id>',
  '<Response-Time>',
  '<raw response body>',
);

const parameters: Record<string, Schema> = {
  ClientId: {
    name: 'Client-Id',
    in: 'header',
    required: true,
    schema: { type: 'string', minLength: 1 },
    description:
      'The client ID the platform assigned to the merchant server. Missing: PARAM_ILLEGAL; not registered: INVALID_AUTH_CLIENT.',
  },
  RequestTime: {
    name: 'Request-Time',
    in: 'header',
    required: true,
    schema: { type: 'string', pattern: REQUEST_TIME_PATTERN },
    description:
      'ISO 8601 with an offset (`2026-01-31T12:00:00+08:00`) or epoch milliseconds. Missing, malformed, or more than 5 minutes away from the platform clock: PARAM_ILLEGAL.',
  },
  Signature: {
    name: 'Signature',
    in: 'header',
    required: true,
    schema: { type: 'string', pattern: SIGNATURE_PATTERN },
    description: [
      '`algorithm=RSA256, keyVersion=<n>, signature=<urlencoded base64>` (spaces after the commas optional).',
      "The signature is SHA256withRSA with the merchant's private key over the UTF-8 bytes of",
      '',
      '```',
      SIGNED_CONTENT,
      '```',
      '',
      '`<path>` is the path and query actually posted to (with `/api/open` when you use that server); `<raw body>` is the exact bytes sent.',
      'Missing or not verifying: INVALID_SIGNATURE; a keyVersion with no registered public key: KEY_NOT_FOUND.',
      'A client registered with signature mode `warn` gets through with an `X-Sandbox-Warning`; with `off` the signature is not checked.',
    ].join('\n'),
  },
};

const headers: Record<string, Schema> = {
  ClientId: {
    required: true,
    schema: { type: 'string' },
    description: "The request's Client-Id, echoed (empty when the request had none).",
  },
  ResponseTime: {
    required: true,
    schema: { type: 'string', pattern: GATEWAY_TIME_PATTERN },
    description: 'When the platform answered, ISO 8601 with an offset.',
  },
  Signature: {
    required: true,
    schema: { type: 'string', pattern: SIGNATURE_PATTERN },
    description: `\`algorithm=RSA256, keyVersion=1, signature=<urlencoded base64>\`, SHA256withRSA with the platform key (\`GET /sandbox/v1/keys/platform\`) over\n\n\`\`\`\n${SIGNED_RESPONSE}\n\`\`\`\n\nwith the request's method and path.`,
  },
  SandboxWarning: {
    required: false,
    schema: { type: 'string' },
    description:
      'Sandbox only: the signature problem let through for a client in signature mode `warn`.',
  },
};

/**
 * The OpenAPI 3.1 document of the merchant-facing gateway, with `serverUrl` (the platform's public
 * URL) and `serverUrl/api/open` as its servers, and `tlsUrl` (the HTTPS gateway) when it listens.
 */
export function openApiDocument(
  serverUrl: string,
  tlsUrl?: string,
  profile: WalletProfile = walletProfile(undefined),
): object {
  const schemas: Record<string, Schema> = {};
  const paths: Record<string, Schema> = {};
  for (const [key, spec] of Object.entries(OPERATIONS) as Array<[OperationKey, OperationSpec]>) {
    const name = pascal(key);
    const codes = [...COMMON_CODES, ...spec.codes];
    const realOnly = [...REAL_GATEWAY_ONLY_CODES, ...(spec.realOnly ?? [])];
    schemas[`${name}Request`] = spec.request;
    schemas[`${name}Result`] = resultSchema([...codes, ...realOnly], spec.version);
    schemas[`${name}Response`] = spec.response(ref('schemas', `${name}Result`));
    paths[OPENAPI_PATHS[key]] = {
      post: {
        operationId: key,
        tags: [spec.tag],
        summary: spec.summary,
        description: [
          spec.description,
          '',
          'Always HTTP 200: the outcome is in `result`. Result codes (resultStatus in brackets):',
          '',
          codeList(codes, spec.version),
          codeList(realOnly, spec.version, ' (real gateway only; the sandbox does not send it)'),
        ].join('\n'),
        parameters: [
          ref('parameters', 'ClientId'),
          ref('parameters', 'RequestTime'),
          ref('parameters', 'Signature'),
        ],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ref('schemas', `${name}Request`) } },
        },
        responses: {
          200: {
            description:
              'Every answer, failures included: signed by the platform, outcome in `result`.',
            headers: {
              'Client-Id': ref('headers', 'ClientId'),
              'Response-Time': ref('headers', 'ResponseTime'),
              Signature: ref('headers', 'Signature'),
              'X-Sandbox-Warning': ref('headers', 'SandboxWarning'),
            },
            content: { 'application/json': { schema: ref('schemas', `${name}Response`) } },
          },
        },
      },
    };
  }

  // The wallet's own names for the same operations (Claro's /v2/oauths/applyToken …).
  for (const [alias, canonical] of Object.entries(profile.aliases)) {
    const key = (Object.keys(OPENAPI_PATHS) as OperationKey[]).find(
      (k) => OPENAPI_PATHS[k] === canonical,
    )!;
    const post = (paths[canonical] as { post: Schema }).post;
    paths[alias] = {
      post: {
        ...post,
        operationId: `${key}As${pascal(alias.split('/').pop()!)}`,
        summary: `${String(post['summary'])} (${profile.name}'s path for ${canonical})`,
      },
    };
  }
  const extraPrefixes = profile.prefixes.filter(
    (prefix) => prefix !== '' && prefix !== OPENAPI_PREFIX,
  );

  return {
    openapi: '3.1.0',
    info: {
      title: 'Mini program auth sandbox: merchant-facing gateway',
      version: '1.0.0',
      description: [
        'The Alipay+-style OpenAPI gateway of the sandbox platform: applyToken, inquiryUserInfo and revoke, in v1 and v2.',
        '',
        `Every path is served both at the root and under \`${OPENAPI_PREFIX}\`, so the paths are listed once and \`servers\` holds both bases; pick either.`,
        `The request is signed over the path actually posted to, so include \`${OPENAPI_PREFIX}\` in the signed content when you use the second server.`,
        '',
        'Every call is POST with a JSON body and the Client-Id, Request-Time and Signature headers. Every answer is HTTP 200, signed by the platform,',
        'with the outcome in `result { resultCode, resultStatus: S|F|U, resultMessage }`. v1 and v2 keep their own result code names',
        '(`USED_CODE` in v1, `USED_AUTHCODE` in v2). Other paths under /v1/ and /v2/ answer INVALID_API.',
        "Each operation's resultCode enum lists what that operation answers by itself; a sandbox fault armed through the control API can make a call answer any code of the catalogue.",
      ].join('\n'),
    },
    servers: [
      { url: serverUrl, description: 'The gateway at the root.' },
      {
        url: `${serverUrl}${OPENAPI_PREFIX}`,
        description: `The same gateway under ${OPENAPI_PREFIX}, as the real platform serves it.`,
      },
      ...extraPrefixes.map((prefix) => ({
        url: `${serverUrl}${prefix}`,
        description: `The same gateway under ${prefix}, where ${profile.name} documents it.`,
      })),
      ...(tlsUrl
        ? [
            {
              url: tlsUrl,
              description:
                "The same gateway over HTTPS, with the sandbox's own CA (<data dir>/tls/ca.pem).",
            },
          ]
        : []),
    ],
    tags: [
      { name: 'authorizations', description: 'Token pairs: applyToken, revoke, cancelToken.' },
      { name: 'users', description: "The user's profile." },
    ],
    paths,
    components: { schemas: { ...schemas, ...userSchemasOf(profile) }, parameters, headers },
    'x-wallet': { id: profile.id, name: profile.name, sources: profile.sources },
  };
}
