CREATE TABLE "reply_wait" (
	"organization_id" text NOT NULL,
	"address" text NOT NULL,
	"execution_id" text NOT NULL,
	"workflow_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reply_wait" ADD CONSTRAINT "reply_wait_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reply_wait_uq" ON "reply_wait" USING btree ("organization_id","address");