CREATE TABLE `corrective_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`manufacturing_order_id` text NOT NULL,
	`checkpoint_id` text NOT NULL,
	`description` text NOT NULL,
	`owner` text,
	`due_at` integer,
	`closed_at` integer,
	`closed_note` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ca_tenant_mo` ON `corrective_actions` (`tenant_id`,`manufacturing_order_id`,`closed_at`);--> statement-breakpoint
CREATE INDEX `ca_tenant_checkpoint` ON `corrective_actions` (`tenant_id`,`checkpoint_id`);--> statement-breakpoint
CREATE TABLE `qc_checkpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`manufacturing_order_id` text NOT NULL,
	`stage` text NOT NULL,
	`inspector_name` text NOT NULL,
	`overall_status` text NOT NULL,
	`checks` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `qc_tenant_mo` ON `qc_checkpoints` (`tenant_id`,`manufacturing_order_id`,`created_at`);