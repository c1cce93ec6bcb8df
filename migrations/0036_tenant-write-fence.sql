-- The write fence of a moving tenant (worker/db/write-fence.ts, decision 76): every tenant-owned table
-- refuses writes of a tenant whose row on this database is flagged shard_moving_to. A migration that adds
-- a tenant-owned table creates its three triggers too (test/worker/shards.test.ts checks).
CREATE TRIGGER `audit_log_write_fence_insert` BEFORE INSERT ON `audit_log` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_write_fence_update` BEFORE UPDATE ON `audit_log` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_write_fence_delete` BEFORE DELETE ON `audit_log` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `corrective_actions_write_fence_insert` BEFORE INSERT ON `corrective_actions` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `corrective_actions_write_fence_update` BEFORE UPDATE ON `corrective_actions` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `corrective_actions_write_fence_delete` BEFORE DELETE ON `corrective_actions` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `customers_write_fence_insert` BEFORE INSERT ON `customers` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `customers_write_fence_update` BEFORE UPDATE ON `customers` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `customers_write_fence_delete` BEFORE DELETE ON `customers` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `cutting_lists_write_fence_insert` BEFORE INSERT ON `cutting_lists` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `cutting_lists_write_fence_update` BEFORE UPDATE ON `cutting_lists` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `cutting_lists_write_fence_delete` BEFORE DELETE ON `cutting_lists` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `dead_letters_write_fence_insert` BEFORE INSERT ON `dead_letters` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `dead_letters_write_fence_update` BEFORE UPDATE ON `dead_letters` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `dead_letters_write_fence_delete` BEFORE DELETE ON `dead_letters` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_delivery_attempts_write_fence_insert` BEFORE INSERT ON `webhook_delivery_attempts` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_delivery_attempts_write_fence_update` BEFORE UPDATE ON `webhook_delivery_attempts` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_delivery_attempts_write_fence_delete` BEFORE DELETE ON `webhook_delivery_attempts` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `documents_write_fence_insert` BEFORE INSERT ON `documents` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `documents_write_fence_update` BEFORE UPDATE ON `documents` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `documents_write_fence_delete` BEFORE DELETE ON `documents` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `drawing_approvals_write_fence_insert` BEFORE INSERT ON `drawing_approvals` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `drawing_approvals_write_fence_update` BEFORE UPDATE ON `drawing_approvals` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `drawing_approvals_write_fence_delete` BEFORE DELETE ON `drawing_approvals` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `drawing_requests_write_fence_insert` BEFORE INSERT ON `drawing_requests` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `drawing_requests_write_fence_update` BEFORE UPDATE ON `drawing_requests` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `drawing_requests_write_fence_delete` BEFORE DELETE ON `drawing_requests` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `drawing_revisions_write_fence_insert` BEFORE INSERT ON `drawing_revisions` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `drawing_revisions_write_fence_update` BEFORE UPDATE ON `drawing_revisions` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `drawing_revisions_write_fence_delete` BEFORE DELETE ON `drawing_revisions` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `drawings_write_fence_insert` BEFORE INSERT ON `drawings` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `drawings_write_fence_update` BEFORE UPDATE ON `drawings` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `drawings_write_fence_delete` BEFORE DELETE ON `drawings` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `idempotency_keys_write_fence_insert` BEFORE INSERT ON `idempotency_keys` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `idempotency_keys_write_fence_update` BEFORE UPDATE ON `idempotency_keys` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `idempotency_keys_write_fence_delete` BEFORE DELETE ON `idempotency_keys` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_effects_write_fence_insert` BEFORE INSERT ON `webhook_effects` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_effects_write_fence_update` BEFORE UPDATE ON `webhook_effects` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_effects_write_fence_delete` BEFORE DELETE ON `webhook_effects` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_events_write_fence_insert` BEFORE INSERT ON `webhook_events` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_events_write_fence_update` BEFORE UPDATE ON `webhook_events` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_events_write_fence_delete` BEFORE DELETE ON `webhook_events` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `invoices_write_fence_insert` BEFORE INSERT ON `invoices` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `invoices_write_fence_update` BEFORE UPDATE ON `invoices` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `invoices_write_fence_delete` BEFORE DELETE ON `invoices` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `lot_links_write_fence_insert` BEFORE INSERT ON `lot_links` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `lot_links_write_fence_update` BEFORE UPDATE ON `lot_links` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `lot_links_write_fence_delete` BEFORE DELETE ON `lot_links` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `lots_write_fence_insert` BEFORE INSERT ON `lots` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `lots_write_fence_update` BEFORE UPDATE ON `lots` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `lots_write_fence_delete` BEFORE DELETE ON `lots` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `manufacturing_orders_write_fence_insert` BEFORE INSERT ON `manufacturing_orders` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `manufacturing_orders_write_fence_update` BEFORE UPDATE ON `manufacturing_orders` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `manufacturing_orders_write_fence_delete` BEFORE DELETE ON `manufacturing_orders` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `materials_write_fence_insert` BEFORE INSERT ON `materials` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `materials_write_fence_update` BEFORE UPDATE ON `materials` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `materials_write_fence_delete` BEFORE DELETE ON `materials` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `message_threads_write_fence_insert` BEFORE INSERT ON `message_threads` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `message_threads_write_fence_update` BEFORE UPDATE ON `message_threads` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `message_threads_write_fence_delete` BEFORE DELETE ON `message_threads` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `notification_events_write_fence_insert` BEFORE INSERT ON `notification_events` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `notification_events_write_fence_update` BEFORE UPDATE ON `notification_events` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `notification_events_write_fence_delete` BEFORE DELETE ON `notification_events` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `orders_write_fence_insert` BEFORE INSERT ON `orders` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `orders_write_fence_update` BEFORE UPDATE ON `orders` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `orders_write_fence_delete` BEFORE DELETE ON `orders` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `outbound_events_write_fence_insert` BEFORE INSERT ON `outbound_events` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `outbound_events_write_fence_update` BEFORE UPDATE ON `outbound_events` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `outbound_events_write_fence_delete` BEFORE DELETE ON `outbound_events` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `partner_records_write_fence_insert` BEFORE INSERT ON `partner_records` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `partner_records_write_fence_update` BEFORE UPDATE ON `partner_records` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `partner_records_write_fence_delete` BEFORE DELETE ON `partner_records` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `products_write_fence_insert` BEFORE INSERT ON `products` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `products_write_fence_update` BEFORE UPDATE ON `products` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `products_write_fence_delete` BEFORE DELETE ON `products` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `qc_checkpoints_write_fence_insert` BEFORE INSERT ON `qc_checkpoints` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `qc_checkpoints_write_fence_update` BEFORE UPDATE ON `qc_checkpoints` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `qc_checkpoints_write_fence_delete` BEFORE DELETE ON `qc_checkpoints` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `qc_photos_write_fence_insert` BEFORE INSERT ON `qc_photos` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `qc_photos_write_fence_update` BEFORE UPDATE ON `qc_photos` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `qc_photos_write_fence_delete` BEFORE DELETE ON `qc_photos` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `sequences_write_fence_insert` BEFORE INSERT ON `sequences` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `sequences_write_fence_update` BEFORE UPDATE ON `sequences` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `sequences_write_fence_delete` BEFORE DELETE ON `sequences` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `shipment_lines_write_fence_insert` BEFORE INSERT ON `shipment_lines` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `shipment_lines_write_fence_update` BEFORE UPDATE ON `shipment_lines` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `shipment_lines_write_fence_delete` BEFORE DELETE ON `shipment_lines` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `shipments_write_fence_insert` BEFORE INSERT ON `shipments` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `shipments_write_fence_update` BEFORE UPDATE ON `shipments` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `shipments_write_fence_delete` BEFORE DELETE ON `shipments` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `specifications_write_fence_insert` BEFORE INSERT ON `specifications` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `specifications_write_fence_update` BEFORE UPDATE ON `specifications` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `specifications_write_fence_delete` BEFORE DELETE ON `specifications` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `stock_moves_write_fence_insert` BEFORE INSERT ON `stock_moves` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `stock_moves_write_fence_update` BEFORE UPDATE ON `stock_moves` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `stock_moves_write_fence_delete` BEFORE DELETE ON `stock_moves` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `stripe_accounts_write_fence_insert` BEFORE INSERT ON `stripe_accounts` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `stripe_accounts_write_fence_update` BEFORE UPDATE ON `stripe_accounts` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `stripe_accounts_write_fence_delete` BEFORE DELETE ON `stripe_accounts` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `technical_packages_write_fence_insert` BEFORE INSERT ON `technical_packages` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `technical_packages_write_fence_update` BEFORE UPDATE ON `technical_packages` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `technical_packages_write_fence_delete` BEFORE DELETE ON `technical_packages` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `units_write_fence_insert` BEFORE INSERT ON `units` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `units_write_fence_update` BEFORE UPDATE ON `units` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `units_write_fence_delete` BEFORE DELETE ON `units` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_dead_letters_write_fence_insert` BEFORE INSERT ON `webhook_dead_letters` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_dead_letters_write_fence_update` BEFORE UPDATE ON `webhook_dead_letters` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_dead_letters_write_fence_delete` BEFORE DELETE ON `webhook_dead_letters` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_deliveries_write_fence_insert` BEFORE INSERT ON `webhook_deliveries` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_deliveries_write_fence_update` BEFORE UPDATE ON `webhook_deliveries` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_deliveries_write_fence_delete` BEFORE DELETE ON `webhook_deliveries` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_endpoints_write_fence_insert` BEFORE INSERT ON `webhook_endpoints` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_endpoints_write_fence_update` BEFORE UPDATE ON `webhook_endpoints` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_endpoints_write_fence_delete` BEFORE DELETE ON `webhook_endpoints` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_sources_write_fence_insert` BEFORE INSERT ON `webhook_sources` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_sources_write_fence_update` BEFORE UPDATE ON `webhook_sources` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `webhook_sources_write_fence_delete` BEFORE DELETE ON `webhook_sources` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `company_addresses_write_fence_insert` BEFORE INSERT ON `company_addresses` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `company_addresses_write_fence_update` BEFORE UPDATE ON `company_addresses` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `company_addresses_write_fence_delete` BEFORE DELETE ON `company_addresses` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `product_schemas_write_fence_insert` BEFORE INSERT ON `product_schemas` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `product_schemas_write_fence_update` BEFORE UPDATE ON `product_schemas` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `product_schemas_write_fence_delete` BEFORE DELETE ON `product_schemas` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `projects_write_fence_insert` BEFORE INSERT ON `projects` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `projects_write_fence_update` BEFORE UPDATE ON `projects` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `projects_write_fence_delete` BEFORE DELETE ON `projects` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `users_write_fence_insert` BEFORE INSERT ON `users` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `users_write_fence_update` BEFORE UPDATE ON `users` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `users_write_fence_delete` BEFORE DELETE ON `users` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `api_keys_write_fence_insert` BEFORE INSERT ON `api_keys` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `api_keys_write_fence_update` BEFORE UPDATE ON `api_keys` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `api_keys_write_fence_delete` BEFORE DELETE ON `api_keys` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `configurations_write_fence_insert` BEFORE INSERT ON `configurations` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `configurations_write_fence_update` BEFORE UPDATE ON `configurations` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `configurations_write_fence_delete` BEFORE DELETE ON `configurations` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `message_reads_write_fence_insert` BEFORE INSERT ON `message_reads` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `message_reads_write_fence_update` BEFORE UPDATE ON `message_reads` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `message_reads_write_fence_delete` BEFORE DELETE ON `message_reads` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `messages_write_fence_insert` BEFORE INSERT ON `messages` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `messages_write_fence_update` BEFORE UPDATE ON `messages` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `messages_write_fence_delete` BEFORE DELETE ON `messages` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `mfa_challenges_write_fence_insert` BEFORE INSERT ON `mfa_challenges` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `mfa_challenges_write_fence_update` BEFORE UPDATE ON `mfa_challenges` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `mfa_challenges_write_fence_delete` BEFORE DELETE ON `mfa_challenges` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `mfa_recovery_codes_write_fence_insert` BEFORE INSERT ON `mfa_recovery_codes` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `mfa_recovery_codes_write_fence_update` BEFORE UPDATE ON `mfa_recovery_codes` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `mfa_recovery_codes_write_fence_delete` BEFORE DELETE ON `mfa_recovery_codes` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `mfa_totp_write_fence_insert` BEFORE INSERT ON `mfa_totp` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `mfa_totp_write_fence_update` BEFORE UPDATE ON `mfa_totp` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `mfa_totp_write_fence_delete` BEFORE DELETE ON `mfa_totp` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `model_uploads_write_fence_insert` BEFORE INSERT ON `model_uploads` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `model_uploads_write_fence_update` BEFORE UPDATE ON `model_uploads` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `model_uploads_write_fence_delete` BEFORE DELETE ON `model_uploads` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `models_write_fence_insert` BEFORE INSERT ON `models` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `models_write_fence_update` BEFORE UPDATE ON `models` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `models_write_fence_delete` BEFORE DELETE ON `models` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `notification_preferences_write_fence_insert` BEFORE INSERT ON `notification_preferences` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `notification_preferences_write_fence_update` BEFORE UPDATE ON `notification_preferences` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `notification_preferences_write_fence_delete` BEFORE DELETE ON `notification_preferences` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `notifications_write_fence_insert` BEFORE INSERT ON `notifications` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `notifications_write_fence_update` BEFORE UPDATE ON `notifications` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `notifications_write_fence_delete` BEFORE DELETE ON `notifications` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `password_tokens_write_fence_insert` BEFORE INSERT ON `password_tokens` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `password_tokens_write_fence_update` BEFORE UPDATE ON `password_tokens` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `password_tokens_write_fence_delete` BEFORE DELETE ON `password_tokens` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `price_books_write_fence_insert` BEFORE INSERT ON `price_books` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `price_books_write_fence_update` BEFORE UPDATE ON `price_books` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `price_books_write_fence_delete` BEFORE DELETE ON `price_books` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `project_members_write_fence_insert` BEFORE INSERT ON `project_members` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `project_members_write_fence_update` BEFORE UPDATE ON `project_members` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `project_members_write_fence_delete` BEFORE DELETE ON `project_members` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `quotes_write_fence_insert` BEFORE INSERT ON `quotes` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `quotes_write_fence_update` BEFORE UPDATE ON `quotes` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `quotes_write_fence_delete` BEFORE DELETE ON `quotes` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `sessions_write_fence_insert` BEFORE INSERT ON `sessions` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `sessions_write_fence_update` BEFORE UPDATE ON `sessions` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `sessions_write_fence_delete` BEFORE DELETE ON `sessions` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `sign_in_tokens_write_fence_insert` BEFORE INSERT ON `sign_in_tokens` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `sign_in_tokens_write_fence_update` BEFORE UPDATE ON `sign_in_tokens` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `sign_in_tokens_write_fence_delete` BEFORE DELETE ON `sign_in_tokens` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `checkouts_write_fence_insert` BEFORE INSERT ON `checkouts` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `checkouts_write_fence_update` BEFORE UPDATE ON `checkouts` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `checkouts_write_fence_delete` BEFORE DELETE ON `checkouts` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `guest_session_links_write_fence_insert` BEFORE INSERT ON `guest_session_links` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `guest_session_links_write_fence_update` BEFORE UPDATE ON `guest_session_links` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `guest_session_links_write_fence_delete` BEFORE DELETE ON `guest_session_links` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `jobs_write_fence_insert` BEFORE INSERT ON `jobs` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `jobs_write_fence_update` BEFORE UPDATE ON `jobs` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `jobs_write_fence_delete` BEFORE DELETE ON `jobs` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `message_attachments_write_fence_insert` BEFORE INSERT ON `message_attachments` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `message_attachments_write_fence_update` BEFORE UPDATE ON `message_attachments` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `message_attachments_write_fence_delete` BEFORE DELETE ON `message_attachments` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `quote_items_write_fence_insert` BEFORE INSERT ON `quote_items` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `quote_items_write_fence_update` BEFORE UPDATE ON `quote_items` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `quote_items_write_fence_delete` BEFORE DELETE ON `quote_items` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `quote_revisions_write_fence_insert` BEFORE INSERT ON `quote_revisions` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `quote_revisions_write_fence_update` BEFORE UPDATE ON `quote_revisions` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND shard_moving_to IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
--> statement-breakpoint
CREATE TRIGGER `quote_revisions_write_fence_delete` BEFORE DELETE ON `quote_revisions` WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND shard_moving_to >= 0) BEGIN SELECT RAISE(ABORT, 'FABQUOTE_TENANT_MOVING'); END;
