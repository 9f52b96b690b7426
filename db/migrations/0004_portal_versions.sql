ALTER TABLE "workspaces" ADD COLUMN "portal_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "portal_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Portal page versions (lib/http/page-cache.ts). A cached portal page is served again only
-- while its contact's and workspace's portal_version are what they were when it was rendered.
-- Whatever a portal home, course or lesson page shows bumps one of them here, in the writing
-- transaction, so no code path can forget: the workspace row and its content (products,
-- categories, lessons, offers and their products, groups) bump the workspace; the contact row
-- and what is theirs (grants, lesson progress, group memberships) bump the contact.
CREATE FUNCTION portico_bump_own_portal_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.portal_version = OLD.portal_version THEN
    NEW.portal_version := OLD.portal_version + 1;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER workspaces_portal_version BEFORE UPDATE ON workspaces FOR EACH ROW EXECUTE FUNCTION portico_bump_own_portal_version();--> statement-breakpoint
CREATE TRIGGER contacts_portal_version BEFORE UPDATE ON contacts FOR EACH ROW EXECUTE FUNCTION portico_bump_own_portal_version();--> statement-breakpoint
-- Statement-level, with transition tables: a bulk grant or import bumps each contact once.
CREATE FUNCTION portico_bump_workspace_portal_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE workspaces SET portal_version = portal_version + 1 WHERE id IN (SELECT workspace_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE workspaces SET portal_version = portal_version + 1 WHERE id IN (SELECT workspace_id FROM old_rows);
  ELSE
    UPDATE workspaces SET portal_version = portal_version + 1 WHERE id IN (SELECT workspace_id FROM new_rows UNION SELECT workspace_id FROM old_rows);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
-- Contacts are locked in id order first, the order lockContacts (lib/access) uses, so a bulk
-- write here cannot deadlock with a bulk grant over the same contacts.
CREATE FUNCTION portico_bump_contact_portal_version() RETURNS trigger LANGUAGE plpgsql AS $$
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
  UPDATE contacts SET portal_version = portal_version + 1 WHERE id = ANY (ids);
  RETURN NULL;
END $$;--> statement-breakpoint
DO $$
DECLARE
  t text;
  fn text;
BEGIN
  FOR t, fn IN VALUES
    ('products', 'portico_bump_workspace_portal_version'),
    ('categories', 'portico_bump_workspace_portal_version'),
    ('lessons', 'portico_bump_workspace_portal_version'),
    ('offers', 'portico_bump_workspace_portal_version'),
    ('offer_products', 'portico_bump_workspace_portal_version'),
    ('groups', 'portico_bump_workspace_portal_version'),
    ('offer_grants', 'portico_bump_contact_portal_version'),
    ('lesson_progress', 'portico_bump_contact_portal_version'),
    ('group_memberships', 'portico_bump_contact_portal_version')
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_portal_ins', t, fn);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_portal_upd', t, fn);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_portal_del', t, fn);
  END LOOP;
END $$;
