-- One contact row version per grant (bench:api, issue 16). A contact row this transaction has
-- already written has had its portal_version bumped already (contacts_portal_version bumps it on
-- every update, and a row inserted by this transaction has no cached page): bumping it again
-- only wrote a second row version, through every index of contacts (two of them GIN). grantOffer
-- sets "invited" before it inserts the grant, so a first grant writes the contact once. A row
-- written by a savepoint still open has another xid and is bumped again, as before (harmless).
CREATE OR REPLACE FUNCTION portico_bump_contact_portal_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT contact_id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT contact_id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT contact_id) INTO ids FROM (SELECT contact_id FROM new_rows UNION SELECT contact_id FROM old_rows) r;
  END IF;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM contacts WHERE id = ANY (ids) ORDER BY id FOR UPDATE;
  UPDATE contacts SET portal_version = portal_version + 1 WHERE id = ANY (ids) AND xmin <> pg_current_xact_id()::xid;
  RETURN NULL;
END $$;
