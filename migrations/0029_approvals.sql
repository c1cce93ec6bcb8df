CREATE TABLE `drawing_approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`drawing_id` text NOT NULL,
	`revision` text NOT NULL,
	`decision` text NOT NULL,
	`comments` text,
	`sheet_comments` text NOT NULL,
	`decided_by` text NOT NULL,
	`on_behalf` integer DEFAULT false NOT NULL,
	`requested_revision` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `drawing_approvals_tenant_drawing` ON `drawing_approvals` (`tenant_id`,`drawing_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `customers` ADD `order_approval_required` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `placed_by` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `approval_decision` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `approval_decided_by` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `approval_decided_at` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `approval_reason` text;