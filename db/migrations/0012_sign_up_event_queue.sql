-- The first sign-in's new_sign_up event gets its event_queue row in the same statement, like
-- every other event (lib/access/events.ts): the workflow dispatcher reads the queue.
CREATE OR REPLACE FUNCTION portico_record_sign_in(p_contact uuid, p_via text, p_action text, p_token uuid, p_ip text, p_ua text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_workspace uuid;
  v_first boolean;
  v_unproven boolean;
  v_version text;
  v_event uuid;
  v_seq bigint;
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
    INSERT INTO events (workspace_id, type, contact_id, data) VALUES (v_workspace, 'new_sign_up', p_contact, jsonb_build_object('via', p_via))
      RETURNING id, seq INTO v_event, v_seq;
    INSERT INTO event_queue (event_id, seq) VALUES (v_event, v_seq);
  END IF;
  INSERT INTO audit_entries (workspace_id, actor_type, actor_id, action, contact_id, auth_token_id, ip, user_agent, data)
  VALUES (v_workspace, 'learner', p_contact::text, p_action, p_contact, p_token, p_ip, left(p_ua, 512),
          jsonb_build_object('via', p_via) || CASE WHEN v_unproven THEN '{"unproven_password_dropped": true}'::jsonb ELSE '{}'::jsonb END);
  RETURN v_version;
END $$;
