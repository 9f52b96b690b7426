CREATE TABLE "lesson_unlocks" (
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"lesson_id" uuid NOT NULL,
	"unlocked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lesson_unlocks_contact_id_lesson_id_pk" PRIMARY KEY("contact_id","lesson_id")
);
--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "drip_days" integer;--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "drip_date" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "lessons" ADD COLUMN "drip_days" integer;--> statement-breakpoint
ALTER TABLE "lessons" ADD COLUMN "drip_date" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "lesson_unlocks" ADD CONSTRAINT "lesson_unlocks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_unlocks" ADD CONSTRAINT "lesson_unlocks_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_unlocks" ADD CONSTRAINT "lesson_unlocks_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE cascade ON UPDATE no action;