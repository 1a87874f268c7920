// login/* endpoints: session login with a form post (JSON on the secure build), logout, the unguarded login check, and
// the secure build's CSRF token.

import { consoleErrors } from '../messages.js';
import { fail, ok, quote, type EndpointContext, type Reply } from './context.js';

export function loginCheck(ctx: EndpointContext): Reply {
  const logined = ctx.sessions.touch(ctx.sessionId);
  return ok(`{"loginRequired":${ctx.sessions.loginRequired},"logined":${logined}}`);
}

export function login(ctx: EndpointContext): Reply {
  const username = ctx.form['username'] ?? ctx.params['username'];
  const password = ctx.form['password'] ?? ctx.params['password'];
  const id = ctx.sessions.login(username, password);
  if (id === null) return fail(consoleErrors.badLogin);
  if (ctx.traits.csrfLogin) ctx.sessions.rotateCsrfTokens();
  const cookiePath = ctx.contextPath;
  const data = ctx.traits.loginReturnsUser
    ? `{"loginUserName":${quote(username ?? '')},"loginUserRole":1,"contextPath":${quote(ctx.contextPath)}}`
    : quote(ctx.contextPath);
  return { ...ok(data), headers: { 'set-cookie': `JSESSIONID=${id}; Path=${cookiePath}; HttpOnly` } };
}

export function logout(ctx: EndpointContext): Reply {
  ctx.sessions.logout(ctx.sessionId);
  return ok(quote(ctx.contextPath));
}

/** `GET {ctx}/rocketmq-dashboard/csrf-token`: Spring's CsrfToken as JSON, and the XSRF-TOKEN cookie. */
export function csrfToken(ctx: EndpointContext): Reply {
  const token = ctx.sessions.issueCsrfToken();
  return {
    body: `{"token":${quote(token)},"parameterName":"_csrf","headerName":"X-XSRF-TOKEN"}`,
    headers: { 'set-cookie': `XSRF-TOKEN=${token}; Path=${ctx.contextPath}` },
  };
}
