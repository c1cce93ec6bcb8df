ALTER TABLE `orders` ADD `number` text;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_tenant_number` ON `orders` (`tenant_id`,`number`);--> statement-breakpoint
CREATE INDEX `orders_tenant_created` ON `orders` (`tenant_id`,`created_at`);