-- Cancel, then undo: the desk may undo a cancellation for two minutes (UNDO_CANCEL_MS), and the
-- client used to get two e-mails for a slip of the mouse — the cancellation, and the confirmation
-- again. The desk's cancellation e-mail now waits out the undo window in the outbox (its
-- next_attempt_at, which the mailer already honours), and an undo withdraws it while it is held:
-- the client hears nothing of a cancellation that never stood.
--
-- Reception and practitioners may neither read nor delete outbox mail (0039), so the withdrawal is
-- this one function, and it removes only the one held mail it is told of: a cancellation, unsent,
-- never tried, of this client, queued at the instant of this cancellation, about this appointment
-- (its calendar UID), and still held until exactly the instant the cancellation set. A mail the
-- mailer has leased (its next_attempt_at moved) or the owner has sent on at once (set to null) no
-- longer matches: it may be on its way, so the undo tells the client instead, as before.
CREATE FUNCTION vellum_withdraw_held_cancellation(mail_client uuid, queued_at timestamptz,
                                                  held_until timestamptz, appointment_id uuid)
  RETURNS boolean
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH withdrawn AS (
    DELETE FROM outbox_email o
    WHERE o.kind = 'booking_cancellation'
      AND o.client_id = vellum_withdraw_held_cancellation.mail_client
      AND o.created_at = vellum_withdraw_held_cancellation.queued_at
      AND o.next_attempt_at = vellum_withdraw_held_cancellation.held_until
      AND o.next_attempt_at > vellum_now()
      AND o.sent_at IS NULL AND o.attempts = 0
      AND position(('UID:' || vellum_withdraw_held_cancellation.appointment_id::text || '@') IN o.calendar) > 0
      AND vellum_actor_role() IN ('owner', 'reception', 'practitioner', 'system')
    RETURNING 1
  )
  SELECT count(*) > 0 FROM withdrawn
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION vellum_withdraw_held_cancellation(uuid, timestamptz, timestamptz, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION vellum_withdraw_held_cancellation(uuid, timestamptz, timestamptz, uuid) TO vellum_app;
