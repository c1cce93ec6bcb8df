CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`order_id` text NOT NULL,
	`number` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`issued_by` text,
	`issued_at` integer NOT NULL,
	`r2_key` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_tenant_order` ON `invoices` (`tenant_id`,`order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_tenant_number` ON `invoices` (`tenant_id`,`number`);--> statement-breakpoint
CREATE INDEX `invoices_tenant_issued` ON `invoices` (`tenant_id`,`issued_at`);