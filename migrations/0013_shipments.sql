CREATE TABLE `shipment_lines` (
	`tenant_id` text NOT NULL,
	`shipment_id` text NOT NULL,
	`manufacturing_order_id` text NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `shipment_id`, `manufacturing_order_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `shipment_lines_mo` ON `shipment_lines` (`tenant_id`,`manufacturing_order_id`);--> statement-breakpoint
CREATE TABLE `shipments` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`order_id` text NOT NULL,
	`number` text NOT NULL,
	`carrier` text NOT NULL,
	`tracking_number` text,
	`tracking_url` text,
	`packages` text NOT NULL,
	`status` text NOT NULL,
	`shipped_at` integer NOT NULL,
	`delivered_at` integer,
	`received_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shipments_tenant_number` ON `shipments` (`tenant_id`,`number`);--> statement-breakpoint
CREATE INDEX `shipments_tenant_order` ON `shipments` (`tenant_id`,`order_id`);