CREATE TABLE "inbound_message_log" (
	"provider_id" text PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
