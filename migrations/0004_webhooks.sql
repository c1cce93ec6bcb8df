CREATE TABLE `webhook_delivery_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`delivery_id` text NOT NULL,
	`endpoint_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`status_code` integer,
	`latency_ms` integer NOT NULL,
	`response_snippet` text,
	`error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_delivery_attempts_tenant_endpoint` ON `webhook_delivery_attempts` (`tenant_id`,`endpoint_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_effects` (
	`tenant_id` text NOT NULL,
	`event_id` text NOT NULL,
	`applied_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `event_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`source_id` text NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`received_at` integer NOT NULL,
	`enqueued_at` integer,
	`processed_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_events_tenant_source_external` ON `webhook_events` (`tenant_id`,`source_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `webhook_events_tenant_received` ON `webhook_events` (`tenant_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `webhook_events_tenant_status` ON `webhook_events` (`tenant_id`,`status`);--> statement-breakpoint
CREATE INDEX `webhook_events_tenant_unqueued` ON `webhook_events` (`tenant_id`,`received_at`) WHERE enqueued_at IS NULL;--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`quote_id` text NOT NULL,
	`status` text NOT NULL,
	`payment_method` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`po_number` text,
	`stripe_session_id` text,
	`stripe_payment_intent` text,
	`paid_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_tenant_quote` ON `orders` (`tenant_id`,`quote_id`);--> statement-breakpoint
CREATE INDEX `orders_tenant_session` ON `orders` (`tenant_id`,`stripe_session_id`);--> statement-breakpoint
CREATE TABLE `outbound_events` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`priority` text NOT NULL,
	`throttle_key` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `outbound_events_tenant_created` ON `outbound_events` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `outbound_events_tenant_throttle` ON `outbound_events` (`tenant_id`,`throttle_key`,`created_at`);--> statement-breakpoint
CREATE TABLE `partner_records` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`source` text NOT NULL,
	`kind` text NOT NULL,
	`external_id` text NOT NULL,
	`status` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`data` text NOT NULL,
	`quote_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partner_records_tenant_key` ON `partner_records` (`tenant_id`,`source`,`kind`,`external_id`);--> statement-breakpoint
CREATE TABLE `stripe_accounts` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`secret_key_enc` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `webhook_dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`direction` text NOT NULL,
	`ref_id` text NOT NULL,
	`event_type` text NOT NULL,
	`failure_reason` text NOT NULL,
	`attempts` integer NOT NULL,
	`resolution_status` text DEFAULT 'pending' NOT NULL,
	`resolution_note` text,
	`resolved_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_dead_letters_tenant_status` ON `webhook_dead_letters` (`tenant_id`,`resolution_status`,`created_at`);--> statement-breakpoint
CREATE INDEX `webhook_dead_letters_tenant_ref` ON `webhook_dead_letters` (`tenant_id`,`ref_id`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`event_id` text NOT NULL,
	`endpoint_id` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_status_code` integer,
	`last_error` text,
	`enqueued_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_tenant_endpoint` ON `webhook_deliveries` (`tenant_id`,`endpoint_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_tenant_event` ON `webhook_deliveries` (`tenant_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_tenant_unqueued` ON `webhook_deliveries` (`tenant_id`,`created_at`) WHERE enqueued_at IS NULL;--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`url` text NOT NULL,
	`description` text,
	`event_types` text NOT NULL,
	`secret_enc` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`disabled_reason` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_endpoints_tenant_created` ON `webhook_endpoints` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`scheme` text NOT NULL,
	`secrets` text NOT NULL,
	`tolerance_seconds` integer DEFAULT 300 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_sources_tenant_name` ON `webhook_sources` (`tenant_id`,`name`);