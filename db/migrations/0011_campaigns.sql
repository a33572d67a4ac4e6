CREATE TABLE "campaign" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"flow_id" uuid,
	"version_id" uuid,
	"channel" text DEFAULT 'sms' NOT NULL,
	"dialing_mode" text DEFAULT 'agentless' NOT NULL,
	"agent_queue_id" uuid,
	"legal_basis" text DEFAULT 'public_interest' NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"audience" jsonb DEFAULT '{"listIds":[],"filters":[]}'::jsonb NOT NULL,
	"schedule" jsonb NOT NULL,
	"pacing" jsonb NOT NULL,
	"retries" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"frequency_cap" jsonb,
	"relative" jsonb,
	"engine" text,
	"workflow_id" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"launched_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "campaign_attempt" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"channel" text NOT NULL,
	"outcome" text DEFAULT 'started' NOT NULL,
	"disposition" text,
	"outbox_id" uuid,
	"execution_id" text,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "campaign_contact" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"entry_id" uuid,
	"address" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_outcome" text,
	"disposition" text,
	"execution_id" text,
	"variables" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"type" text NOT NULL,
	"actor_user_id" text,
	"source" text DEFAULT 'ui' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "citizen_field" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"key" text NOT NULL,
	"type" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "citizen_profile" (
	"organization_id" text NOT NULL,
	"citizen_id" uuid NOT NULL,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "citizen_profile_organization_id_citizen_id_pk" PRIMARY KEY("organization_id","citizen_id")
);
--> statement-breakpoint
CREATE TABLE "contact_list" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"status" text DEFAULT 'importing' NOT NULL,
	"file_name" text DEFAULT '' NOT NULL,
	"file_sha256" text,
	"file_bytes" integer DEFAULT 0 NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"valid_rows" integer DEFAULT 0 NOT NULL,
	"error_rows" integer DEFAULT 0 NOT NULL,
	"merged_rows" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contact_list_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"list_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"phone" text,
	"phone_kind" text,
	"email" text,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_list_error" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"list_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"column" text DEFAULT '' NOT NULL,
	"value" text DEFAULT '' NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "do_not_contact" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"citizen_id" uuid,
	"address" text NOT NULL,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "no_llame_import" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registry_date" date NOT NULL,
	"numbers" integer DEFAULT 0 NOT NULL,
	"file_sha256" text,
	"imported_by_organization_id" text,
	"imported_by" text,
	"status" text DEFAULT 'importing' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "no_llame_number" (
	"phone" text PRIMARY KEY NOT NULL,
	"import_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purpose_consent" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"citizen_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"status" text DEFAULT 'granted' NOT NULL,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign" ADD CONSTRAINT "campaign_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign" ADD CONSTRAINT "campaign_flow_id_flow_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."flow"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign" ADD CONSTRAINT "campaign_version_id_flow_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."flow_version"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign" ADD CONSTRAINT "campaign_agent_queue_id_queue_id_fk" FOREIGN KEY ("agent_queue_id") REFERENCES "public"."queue"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign" ADD CONSTRAINT "campaign_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_attempt" ADD CONSTRAINT "campaign_attempt_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_attempt" ADD CONSTRAINT "campaign_attempt_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_attempt" ADD CONSTRAINT "campaign_attempt_contact_id_campaign_contact_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."campaign_contact"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_contact" ADD CONSTRAINT "campaign_contact_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_contact" ADD CONSTRAINT "campaign_contact_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_contact" ADD CONSTRAINT "campaign_contact_citizen_id_citizen_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizen"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_contact" ADD CONSTRAINT "campaign_contact_entry_id_contact_list_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."contact_list_entry"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_event" ADD CONSTRAINT "campaign_event_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_event" ADD CONSTRAINT "campaign_event_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_event" ADD CONSTRAINT "campaign_event_actor_user_id_user_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_field" ADD CONSTRAINT "citizen_field_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_profile" ADD CONSTRAINT "citizen_profile_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citizen_profile" ADD CONSTRAINT "citizen_profile_citizen_id_citizen_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizen"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_list" ADD CONSTRAINT "contact_list_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_list" ADD CONSTRAINT "contact_list_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_list_entry" ADD CONSTRAINT "contact_list_entry_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_list_entry" ADD CONSTRAINT "contact_list_entry_list_id_contact_list_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."contact_list"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_list_entry" ADD CONSTRAINT "contact_list_entry_citizen_id_citizen_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizen"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_list_error" ADD CONSTRAINT "contact_list_error_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_list_error" ADD CONSTRAINT "contact_list_error_list_id_contact_list_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."contact_list"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "do_not_contact" ADD CONSTRAINT "do_not_contact_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "do_not_contact" ADD CONSTRAINT "do_not_contact_citizen_id_citizen_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizen"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "do_not_contact" ADD CONSTRAINT "do_not_contact_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "no_llame_import" ADD CONSTRAINT "no_llame_import_imported_by_organization_id_organization_id_fk" FOREIGN KEY ("imported_by_organization_id") REFERENCES "public"."organization"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "no_llame_import" ADD CONSTRAINT "no_llame_import_imported_by_user_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "no_llame_number" ADD CONSTRAINT "no_llame_number_import_id_no_llame_import_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."no_llame_import"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purpose_consent" ADD CONSTRAINT "purpose_consent_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purpose_consent" ADD CONSTRAINT "purpose_consent_citizen_id_citizen_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizen"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_org_status_idx" ON "campaign" USING btree ("organization_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_attempt_contact_attempt_uq" ON "campaign_attempt" USING btree ("contact_id","attempt");--> statement-breakpoint
CREATE INDEX "campaign_attempt_campaign_started_idx" ON "campaign_attempt" USING btree ("campaign_id","started_at");--> statement-breakpoint
CREATE INDEX "campaign_attempt_org_started_idx" ON "campaign_attempt" USING btree ("organization_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_contact_campaign_citizen_uq" ON "campaign_contact" USING btree ("campaign_id","citizen_id");--> statement-breakpoint
CREATE INDEX "campaign_contact_due_idx" ON "campaign_contact" USING btree ("campaign_id","next_attempt_at") WHERE "campaign_contact"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "campaign_contact_state_idx" ON "campaign_contact" USING btree ("campaign_id","state","reason");--> statement-breakpoint
CREATE INDEX "campaign_contact_org_citizen_idx" ON "campaign_contact" USING btree ("organization_id","citizen_id");--> statement-breakpoint
CREATE INDEX "campaign_event_campaign_at_idx" ON "campaign_event" USING btree ("campaign_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "citizen_field_org_key_uq" ON "citizen_field" USING btree ("organization_id","key");--> statement-breakpoint
CREATE INDEX "contact_list_org_sha_idx" ON "contact_list" USING btree ("organization_id","file_sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_list_entry_list_citizen_uq" ON "contact_list_entry" USING btree ("list_id","citizen_id");--> statement-breakpoint
CREATE INDEX "contact_list_entry_org_citizen_idx" ON "contact_list_entry" USING btree ("organization_id","citizen_id");--> statement-breakpoint
CREATE INDEX "contact_list_error_list_row_idx" ON "contact_list_error" USING btree ("list_id","row_number");--> statement-breakpoint
CREATE UNIQUE INDEX "do_not_contact_org_address_uq" ON "do_not_contact" USING btree ("organization_id","address");--> statement-breakpoint
CREATE INDEX "no_llame_number_import_idx" ON "no_llame_number" USING btree ("import_id");--> statement-breakpoint
CREATE UNIQUE INDEX "purpose_consent_uq" ON "purpose_consent" USING btree ("organization_id","citizen_id","purpose");