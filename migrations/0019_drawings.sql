CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`number` text NOT NULL,
	`rev` text NOT NULL,
	`ext` text NOT NULL,
	`r2_key` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`content_type` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_tenant_version` ON `documents` (`tenant_id`,`kind`,`number`,`rev`,`ext`);--> statement-breakpoint
CREATE INDEX `documents_tenant_sha` ON `documents` (`tenant_id`,`sha256`);--> statement-breakpoint
CREATE TABLE `drawing_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`number` text NOT NULL,
	`configuration_id` text,
	`quote_id` text,
	`status` text NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`body` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error_code` text,
	`error_message` text,
	`created_by` text,
	`owner_user_id` text,
	`customer_id` text,
	`guest_session_hash` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drawing_requests_tenant_number` ON `drawing_requests` (`tenant_id`,`number`);--> statement-breakpoint
CREATE INDEX `drawing_requests_tenant_created` ON `drawing_requests` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `drawing_revisions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`drawing_id` text NOT NULL,
	`revision` text NOT NULL,
	`status` text NOT NULL,
	`reason` text NOT NULL,
	`changes` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`created_by` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drawing_revisions_tenant_drawing_revision` ON `drawing_revisions` (`tenant_id`,`drawing_id`,`revision`);--> statement-breakpoint
CREATE TABLE `drawings` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`drawing_number` text NOT NULL,
	`request_id` text NOT NULL,
	`configuration_id` text NOT NULL,
	`quote_id` text,
	`family` text NOT NULL,
	`drawing_type` text NOT NULL,
	`status` text NOT NULL,
	`scale` text,
	`sheet` text NOT NULL,
	`formats` text NOT NULL,
	`revision` text,
	`owner_user_id` text,
	`customer_id` text,
	`guest_session_hash` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drawings_tenant_number` ON `drawings` (`tenant_id`,`drawing_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `drawings_tenant_request_item` ON `drawings` (`tenant_id`,`request_id`,`configuration_id`,`drawing_type`);--> statement-breakpoint
CREATE INDEX `drawings_tenant_configuration` ON `drawings` (`tenant_id`,`configuration_id`,`drawing_type`);--> statement-breakpoint
CREATE INDEX `drawings_tenant_created` ON `drawings` (`tenant_id`,`created_at`);