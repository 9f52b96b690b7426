ALTER TABLE "contacts" ADD COLUMN "password_unproven" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- SPEC §3 rule 3, the one definition of live portal access (lib/access/live-access.ts calls it;
-- the link redemption statement too): an active offer grant or a group membership.
CREATE FUNCTION portico_live_access(p_workspace uuid, p_contact uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM offer_grants g WHERE g.workspace_id = p_workspace AND g.contact_id = p_contact AND g.revoked_at IS NULL)
      OR EXISTS (SELECT 1 FROM group_memberships m WHERE m.workspace_id = p_workspace AND m.contact_id = p_contact)
$$;--> statement-breakpoint
-- What every learner sign-in writes, whatever the way in (lib/auth/learner-login.ts recordSignIn,
-- and the link redemption statement in lib/links/redeem.ts): last/first login and status, the
-- first-sign-in event, and the audit entry. A sign-in by anything but that password or the
-- checkout shortcut that set it (an emailed link or code, SSO) proves the address, so a password set on it unproven (the checkout
-- shortcut) is dropped and its sessions end: the owner then chooses their own. Returns the
-- contact's session version after the sign-in, for the session being minted.
CREATE FUNCTION portico_record_sign_in(p_contact uuid, p_via text, p_action text, p_token uuid, p_ip text, p_ua text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_workspace uuid;
  v_first boolean;
  v_unproven boolean;
  v_version text;
BEGIN
  SELECT workspace_id, first_login_at IS NULL, password_unproven AND password_hash IS NOT NULL AND p_via NOT IN ('password', 'checkout')
    INTO v_workspace, v_first, v_unproven FROM contacts WHERE id = p_contact FOR UPDATE;
  IF v_workspace IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE contacts SET last_login_at = now(), first_login_at = coalesce(first_login_at, now()), portal_status = 'active', updated_at = now(),
         password_hash = CASE WHEN v_unproven THEN NULL ELSE password_hash END,
         password_unproven = CASE WHEN v_unproven THEN false ELSE password_unproven END,
         session_version = CASE WHEN v_unproven THEN gen_random_uuid()::text ELSE session_version END
   WHERE id = p_contact
   RETURNING session_version INTO v_version;
  IF v_first THEN
    INSERT INTO events (workspace_id, type, contact_id, data) VALUES (v_workspace, 'new_sign_up', p_contact, jsonb_build_object('via', p_via));
  END IF;
  INSERT INTO audit_entries (workspace_id, actor_type, actor_id, action, contact_id, auth_token_id, ip, user_agent, data)
  VALUES (v_workspace, 'learner', p_contact::text, p_action, p_contact, p_token, p_ip, left(p_ua, 512),
          jsonb_build_object('via', p_via) || CASE WHEN v_unproven THEN '{"unproven_password_dropped": true}'::jsonb ELSE '{}'::jsonb END);
  RETURN v_version;
END $$;
