CREATE TABLE `lot_links` (
	`tenant_id` text NOT NULL,
	`parent_lot_id` text NOT NULL,
	`child_lot_id` text NOT NULL,
	`quantity_milli` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `parent_lot_id`, `child_lot_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lot_links_child` ON `lot_links` (`tenant_id`,`child_lot_id`);--> statement-breakpoint
CREATE TABLE `lots` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`lot_number` text NOT NULL,
	`material` text NOT NULL,
	`unit` text NOT NULL,
	`supplier` text,
	`supplier_lot` text,
	`origin` text NOT NULL,
	`received_at` integer NOT NULL,
	`expires_at` integer,
	`quality` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lots_tenant_number` ON `lots` (`tenant_id`,`lot_number`);--> statement-breakpoint
CREATE INDEX `lots_tenant_material` ON `lots` (`tenant_id`,`material`,`received_at`);--> statement-breakpoint
CREATE TABLE `stock_moves` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`kind` text NOT NULL,
	`quantity_milli` integer NOT NULL,
	`manufacturing_order_id` text,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `stock_moves_lot` ON `stock_moves` (`tenant_id`,`lot_id`);--> statement-breakpoint
CREATE INDEX `stock_moves_mo` ON `stock_moves` (`tenant_id`,`manufacturing_order_id`);