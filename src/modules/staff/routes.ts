import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { clinicAddressSchema } from '../../platform/clinic-contact';
import { Forbidden, Unauthenticated } from '../../platform/errors';
import { networkKey } from '../access/request-actor';
import { clearSessionCookie, sessionOf, setSessionCookie } from './http-session';
import { ABSOLUTE_MS, PENDING_MS } from './sessions';

const email = z.email().max(254);
const password = z.string().min(1).max(1024);
const name = z.string().trim().min(1).max(200);
const staffRole = z.enum(['owner', 'practitioner', 'reception']);

const sessionSchema = z
  .object({
    state: z.enum(['second_factor', 'enrol_second_factor', 'signed_in']),
    csrfToken: z.string(),
    idleExpiresAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    staff: z.object({ id: z.uuid(), name: z.string(), email: z.string(), role: staffRole }),
    /** Set while the tablet is with a client (only their intake form is reachable). */
    clientMode: z.object({ clientId: z.uuid() }).nullable(),
  })
  .meta({ id: 'Session' });

const staffMemberSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: staffRole,
  secondFactor: z.boolean(),
  disabled: z.boolean(),
});

const signedInState = z.object({
  state: z.enum(['second_factor', 'enrol_second_factor', 'signed_in']),
  csrfToken: z.string(),
});

export function staffRoutes(
  context: Pick<AppContext, 'auth' | 'clientMode' | 'keys' | 'setupCode' | 'team'>,
): FastifyPluginAsyncZod {
  const { auth, team, keys, clientMode } = context;
  return async (app) => {
    app.get(
      '/setup',
      {
        config: { access: 'public' },
        schema: {
          tags: ['setup'],
          summary: 'Whether first-run setup is still needed',
          response: { 200: z.object({ needed: z.boolean() }) },
        },
      },
      async () => ({ needed: await auth.setupNeeded() }),
    );

    app.post(
      '/setup',
      {
        config: { access: 'public' },
        schema: {
          tags: ['setup'],
          summary: 'First-run setup in the browser: the clinic and its owner',
          description: 'Needs the one-time setup code the server prints at start while no clinic exists.',
          body: z.object({
            setupCode: z.string().min(1),
            clinic: z.object({
              name,
              privacyEmail: email,
              timeZone: z.string().min(1).max(64).default('Europe/Amsterdam'),
              // What invoices and the privacy statement show; may also be filled in later (clinic settings).
              street: clinicAddressSchema.street.optional(),
              houseNumber: clinicAddressSchema.houseNumber.optional(),
              postcode: clinicAddressSchema.postcode.optional(),
              city: clinicAddressSchema.city.optional(),
              phone: clinicAddressSchema.phone.optional(),
              website: clinicAddressSchema.website.optional(),
            }),
            owner: z.object({ name, email, password }),
          }),
          response: { 201: z.object({ ownerId: z.uuid() }) },
        },
      },
      async (request, reply) => {
        if (!context.setupCode.matches(request.body.setupCode))
          throw new Forbidden('the setup code is wrong');
        const { ownerId } = await auth.setup(request.body, request.origin);
        context.setupCode.clear();
        return reply.code(201).send({ ownerId });
      },
    );

    app.post(
      '/auth/login',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'Step one of signing in: e-mail and password',
          body: z.object({ email: z.string().trim().min(1).max(254), password }),
          response: { 200: signedInState },
        },
      },
      async (request, reply) => {
        const result = await auth.signIn(
          request.body.email,
          request.body.password,
          networkKey(request, keys),
          request.origin,
        );
        setSessionCookie(request, reply, result.token, PENDING_MS);
        return { state: result.state, csrfToken: result.csrfToken };
      },
    );

    app.post(
      '/auth/second-factor',
      {
        config: { access: 'partial' },
        schema: {
          tags: ['auth'],
          summary: 'Step two: a code from the authenticator app, or a recovery code',
          body: z
            .object({
              code: z.string().trim().max(16).optional(),
              recoveryCode: z.string().trim().max(32).optional(),
            })
            .refine((b) => b.code || b.recoveryCode, {
              message: 'give code or recoveryCode',
              path: ['code'],
            }),
          response: { 200: signedInState },
        },
      },
      async (request, reply) => {
        const next = await auth.verifySecondFactor(
          sessionOf(request),
          request.body,
          networkKey(request, keys),
          request.origin,
        );
        setSessionCookie(request, reply, next.token, ABSOLUTE_MS);
        return { state: 'signed_in' as const, csrfToken: next.csrfToken };
      },
    );

    app.get(
      '/auth/enrolment',
      {
        config: { access: 'partial' },
        schema: {
          tags: ['auth'],
          summary: 'The TOTP secret to enrol, as text, otpauth URI and QR code (SVG)',
          response: { 200: z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() }) },
        },
      },
      async (request) => {
        const { secret, uri } = await auth.enrolment(sessionOf(request));
        const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
        return { secret, uri, qrSvg };
      },
    );

    app.post(
      '/auth/enrolment',
      {
        config: { access: 'partial' },
        schema: {
          tags: ['auth'],
          summary: 'Confirm the authenticator app with its first code; returns recovery codes once',
          body: z.object({ code: z.string().trim().min(1).max(16) }),
          response: { 200: signedInState.extend({ recoveryCodes: z.array(z.string()) }) },
        },
      },
      async (request, reply) => {
        const result = await auth.confirmEnrolment(
          sessionOf(request),
          request.body.code,
          networkKey(request, keys),
          request.origin,
        );
        setSessionCookie(request, reply, result.token, ABSOLUTE_MS);
        return {
          state: 'signed_in' as const,
          csrfToken: result.csrfToken,
          recoveryCodes: result.recoveryCodes,
        };
      },
    );

    app.get(
      '/auth/session',
      {
        config: { access: 'partial', clientMode: true },
        schema: { tags: ['auth'], summary: 'The current session', response: { 200: sessionSchema } },
      },
      async (request) => {
        const session = sessionOf(request);
        return {
          state: session.state,
          csrfToken: session.csrfToken,
          idleExpiresAt: session.idleExpiresAt.toISOString(),
          expiresAt: session.expiresAt.toISOString(),
          staff: session.staff,
          clientMode: session.clientModeClientId ? { clientId: session.clientModeClientId } : null,
        };
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { access: 'partial', clientMode: true },
        schema: { tags: ['auth'], summary: 'Sign out: ends this session at once' },
      },
      async (request, reply) => {
        await auth.signOut(sessionOf(request), request.origin);
        clearSessionCookie(request, reply);
        return reply.code(204).send();
      },
    );

    app.post(
      '/auth/client-mode',
      {
        schema: {
          tags: ['auth'],
          summary:
            "Hand the tablet to a client: until a staff password ends it, this session reaches only that client's intake form",
          body: z.object({ clientId: z.uuid() }),
        },
      },
      async (request, reply) => {
        await clientMode.start(sessionOf(request), request.body.clientId, request.origin);
        return reply.code(204).send();
      },
    );

    app.post(
      '/auth/client-mode/exit',
      {
        config: { clientMode: true },
        schema: {
          tags: ['auth'],
          summary:
            'Take the tablet back: ends client mode with your password (five wrong ones end the session)',
          body: z.object({ password }),
        },
      },
      async (request, reply) => {
        try {
          await clientMode.end(
            sessionOf(request),
            request.body.password,
            networkKey(request, keys),
            request.origin,
          );
        } catch (error) {
          if (error instanceof Unauthenticated) clearSessionCookie(request, reply);
          throw error;
        }
        return reply.code(204).send();
      },
    );

    app.post(
      '/auth/password',
      {
        schema: {
          tags: ['auth'],
          summary: 'Change your password (asks for the current one); ends your other sessions',
          body: z.object({ currentPassword: password, newPassword: password }),
        },
      },
      async (request, reply) => {
        await auth.changePassword(
          sessionOf(request),
          request.body.currentPassword,
          request.body.newPassword,
          networkKey(request, keys),
          request.origin,
        );
        return reply.code(204).send();
      },
    );

    app.post(
      '/auth/second-factor/reset',
      {
        schema: {
          tags: ['auth'],
          summary: 'Replace your authenticator app (asks for your password); signs you out everywhere',
          body: z.object({ password }),
        },
      },
      async (request, reply) => {
        await auth.resetSecondFactor(
          sessionOf(request),
          request.body.password,
          networkKey(request, keys),
          request.origin,
        );
        clearSessionCookie(request, reply);
        return reply.code(204).send();
      },
    );

    app.get(
      '/staff',
      {
        schema: {
          tags: ['staff'],
          summary: 'The team (owner)',
          response: { 200: z.array(staffMemberSchema) },
        },
      },
      async (request) => team.list(request.actor, request.origin),
    );

    app.post(
      '/staff/invitations',
      {
        schema: {
          tags: ['staff'],
          summary:
            'Invite a practitioner or receptionist (owner); the link goes out through the e-mail outbox',
          body: z.object({
            name,
            email,
            role: z.enum(['practitioner', 'reception']),
            /** The staff member's language, chosen by the owner: the invitation is written in it. */
            language: z.enum(['nl', 'en']).default('nl'),
            /** Where they will work (optional; a one-location clinic puts everyone at its location). */
            locationIds: z.array(z.uuid()).max(100).optional(),
          }),
          response: {
            201: z.object({ invitationId: z.uuid(), link: z.string(), expiresAt: z.iso.datetime() }),
          },
        },
      },
      async (request, reply) => {
        const result = await team.invite(request.actor, request.body, request.origin);
        return reply.code(201).send({ ...result, expiresAt: result.expiresAt.toISOString() });
      },
    );

    app.get(
      '/staff/invitations',
      {
        schema: {
          tags: ['staff'],
          summary: 'Invitations not yet accepted, expired ones included (owner)',
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                name: z.string(),
                email: z.string(),
                role: z.enum(['practitioner', 'reception']),
                expiresAt: z.iso.datetime(),
                expired: z.boolean(),
                createdAt: z.iso.datetime(),
              }),
            ),
          },
        },
      },
      async (request) =>
        (await team.invitations(request.actor, request.origin)).map((i) => ({
          ...i,
          expiresAt: i.expiresAt.toISOString(),
          createdAt: i.createdAt.toISOString(),
        })),
    );

    app.post(
      '/staff/invitations/:invitationId/resend',
      {
        schema: {
          tags: ['staff'],
          summary:
            'Send an invitation again with a new link, valid 7 more days; the old link stops working (owner)',
          params: z.object({ invitationId: z.uuid() }),
          response: {
            200: z.object({ invitationId: z.uuid(), link: z.string(), expiresAt: z.iso.datetime() }),
          },
        },
      },
      async (request) => {
        const result = await team.resendInvitation(
          request.actor,
          request.params.invitationId,
          request.origin,
        );
        return { ...result, expiresAt: result.expiresAt.toISOString() };
      },
    );

    app.delete(
      '/staff/invitations/:invitationId',
      {
        schema: {
          tags: ['staff'],
          summary: 'Revoke an invitation: its link stops working (owner)',
          params: z.object({ invitationId: z.uuid() }),
        },
      },
      async (request, reply) => {
        await team.revokeInvitation(request.actor, request.params.invitationId, request.origin);
        return reply.code(204).send();
      },
    );

    app.put(
      '/staff/:staffId/role',
      {
        schema: {
          tags: ['staff'],
          summary: "Change a colleague's role (owner); the clinic always keeps an active owner",
          params: z.object({ staffId: z.uuid() }),
          body: z.object({ role: staffRole }),
        },
      },
      async (request, reply) => {
        await team.changeRole(request.actor, request.params.staffId, request.body.role, request.origin);
        return reply.code(204).send();
      },
    );

    app.post(
      '/staff/:staffId/second-factor/reset',
      {
        schema: {
          tags: ['staff'],
          summary:
            "Reset a colleague's second factor (owner): their sessions end and their next sign-in sets up an authenticator app",
          params: z.object({ staffId: z.uuid() }),
        },
      },
      async (request, reply) => {
        await team.resetSecondFactor(request.actor, request.params.staffId, request.origin);
        return reply.code(204).send();
      },
    );

    app.post(
      '/invitations/accept',
      {
        config: { access: 'public' },
        schema: {
          tags: ['staff'],
          summary: 'Accept an invitation by choosing a password',
          body: z.object({ token: z.string().min(20).max(100), password }),
          response: { 201: z.object({ email: z.string() }) },
        },
      },
      async (request, reply) => {
        const { email: accepted } = await team.accept(
          request.body.token,
          request.body.password,
          request.origin,
        );
        return reply.code(201).send({ email: accepted });
      },
    );

    app.post(
      '/staff/:staffId/disable',
      {
        schema: {
          tags: ['staff'],
          summary: 'Disable an account (owner); its sessions end at once',
          params: z.object({ staffId: z.uuid() }),
        },
      },
      async (request, reply) => {
        await team.disable(request.actor, request.params.staffId, request.origin);
        return reply.code(204).send();
      },
    );
  };
}
