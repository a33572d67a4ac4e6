DROP INDEX "do_not_contact_org_address_uq";--> statement-breakpoint
ALTER TABLE "do_not_contact" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "do_not_contact" ADD COLUMN "removed_by" text;--> statement-breakpoint
ALTER TABLE "do_not_contact" ADD COLUMN "removed_note" text;--> statement-breakpoint
ALTER TABLE "do_not_contact" ADD CONSTRAINT "do_not_contact_removed_by_user_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "do_not_contact_org_citizen_idx" ON "do_not_contact" USING btree ("organization_id","citizen_id") WHERE "do_not_contact"."removed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "do_not_contact_org_address_uq" ON "do_not_contact" USING btree ("organization_id","address") WHERE "do_not_contact"."removed_at" is null;