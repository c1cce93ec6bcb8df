CREATE TABLE `qc_photos` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`manufacturing_order_id` text NOT NULL,
	`checkpoint_id` text NOT NULL,
	`check_id` text,
	`content_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`r2_key` text NOT NULL,
	`uploaded_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `qc_photos_tenant_mo` ON `qc_photos` (`tenant_id`,`manufacturing_order_id`,`created_at`);