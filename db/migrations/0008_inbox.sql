CREATE TABLE "inbound_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"message_sid" text NOT NULL,
	"from_address" text NOT NULL,
	"to_address" text NOT NULL,
	"body" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"outcome" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
DROP TABLE "inbound_message_log" CASCADE;--> statement-breakpoint
ALTER TABLE "inbound_message" ADD CONSTRAINT "inbound_message_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_message_sid_uq" ON "inbound_message" USING btree ("message_sid");--> statement-breakpoint
CREATE INDEX "inbound_message_org_idx" ON "inbound_message" USING btree ("organization_id","received_at");--> statement-breakpoint
CREATE INDEX "inbound_message_due_idx" ON "inbound_message" USING btree ("next_attempt_at") WHERE "inbound_message"."state" <> 'delivered';