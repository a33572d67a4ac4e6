CREATE TABLE "call_recording" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"execution_id" text NOT NULL,
	"step_id" text,
	"citizen_id" uuid,
	"source" text NOT NULL,
	"recording_sid" text NOT NULL,
	"call_sid" text,
	"account_sid" text,
	"own_number" text,
	"media_url" text,
	"duration_seconds" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phone_number" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"account" text DEFAULT 'platform' NOT NULL,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "telephony_account" (
	"organization_id" text PRIMARY KEY NOT NULL,
	"subaccount_sid" text,
	"auth_token_encrypted" text,
	"auth_token_last4" text,
	"messaging_service_sid" text,
	"default_caller_id" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "flow_test_scenario" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"flow_id" uuid NOT NULL,
	"name" text NOT NULL,
	"start" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"mocks" jsonb NOT NULL,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expectations" jsonb NOT NULL,
	"last_result" jsonb,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket" ADD COLUMN "test" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "work_item" ADD COLUMN "test" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "call_recording" ADD CONSTRAINT "call_recording_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_recording" ADD CONSTRAINT "call_recording_execution_id_execution_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."execution"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_recording" ADD CONSTRAINT "call_recording_citizen_id_citizen_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizen"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_number" ADD CONSTRAINT "phone_number_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_number" ADD CONSTRAINT "phone_number_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telephony_account" ADD CONSTRAINT "telephony_account_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telephony_account" ADD CONSTRAINT "telephony_account_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_test_scenario" ADD CONSTRAINT "flow_test_scenario_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_test_scenario" ADD CONSTRAINT "flow_test_scenario_flow_id_flow_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."flow"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_test_scenario" ADD CONSTRAINT "flow_test_scenario_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "call_recording_sid_uq" ON "call_recording" USING btree ("recording_sid");--> statement-breakpoint
CREATE INDEX "call_recording_execution_idx" ON "call_recording" USING btree ("organization_id","execution_id");--> statement-breakpoint
CREATE INDEX "call_recording_citizen_idx" ON "call_recording" USING btree ("organization_id","citizen_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "phone_number_number_kind_uq" ON "phone_number" USING btree ("number","kind");--> statement-breakpoint
CREATE INDEX "phone_number_org_idx" ON "phone_number" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "telephony_account_subaccount_uq" ON "telephony_account" USING btree ("subaccount_sid");--> statement-breakpoint
CREATE INDEX "flow_test_scenario_org_flow_idx" ON "flow_test_scenario" USING btree ("organization_id","flow_id");--> statement-breakpoint
CREATE UNIQUE INDEX "flow_test_scenario_flow_name_uq" ON "flow_test_scenario" USING btree ("flow_id","name");--> statement-breakpoint
CREATE INDEX "outbound_message_provider_idx" ON "outbound_message" USING btree ("provider_id");