# Bootstrap of the Terraform state backend used by every CDKTF stack of the lake.
#
# Run once per AWS account and region, with credentials of that account:
#   terraform init && terraform apply -var region=us-east-1
# It creates the state bucket "<project>-tfstate-<account>-<region>" (server access logs to
# "<project>-tfstate-logs-<account>-<region>"), the lock table "<project>-tfstate-lock" and the
# key alias "alias/<project>-tfstate", the names
# src/config/naming.ts (stateBackendNames) expects.
# Its own state stays local (commit nothing: keep terraform.tfstate in your secrets store) or,
# after the first apply, move it into the bucket it made with `terraform init -migrate-state`.

terraform {
  required_version = ">= 1.10.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "project" {
  type        = string
  default     = "mdl"
  description = "Project code, the same as config.project of the CDKTF app."
  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,7}$", var.project))
    error_message = "project must be 2-8 lowercase letters or digits starting with a letter, e.g. \"mdl\"."
  }
}

variable "region" {
  type        = string
  description = "Region of the state bucket; the same as config.region of the environments using it."
}

variable "state_version_retention_days" {
  type        = number
  default     = 365
  description = "Days a superseded state version is kept, to roll back a bad apply."
}

variable "access_log_retention_days" {
  type        = number
  default     = 2557
  description = "Days the state bucket's server access logs are kept (who read or wrote state, and when)."
  validation {
    condition     = var.access_log_retention_days >= 1 && var.access_log_retention_days <= 3653
    error_message = "access_log_retention_days must be from 1 to 3653."
  }
}

variable "tags" {
  type        = map(string)
  default     = { Project = "mdl", CostCenter = "CC-4410", Owner = "market-data-platform@example.com", DataClassification = "confidential" }
  description = "Tags for every bootstrap resource."
}

provider "aws" {
  region = var.region
  default_tags {
    tags = merge(var.tags, { ManagedBy = "terraform-bootstrap" })
  }
}

data "aws_caller_identity" "current" {}

locals {
  account_id  = data.aws_caller_identity.current.account_id
  bucket_name = "${var.project}-tfstate-${local.account_id}-${var.region}"
  lock_table  = "${var.project}-tfstate-lock"
  log_bucket  = "${var.project}-tfstate-logs-${local.account_id}-${var.region}"
}

resource "aws_kms_key" "state" {
  description             = "Terraform state of ${var.project}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "KeyAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account_id}:root" }
        Action = ["kms:CreateAlias", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
          "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion",
        "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand"]
        Resource = "*"
      },
      {
        # Not kms:Create* above: CreateGrant would let any principal allowed it by IAM grant itself
        # Decrypt. The lock table (DynamoDB) creates its grants as an AWS resource.
        Sid       = "GrantsForAwsResourcesOnly"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account_id}:root" }
        Action    = "kms:CreateGrant"
        Resource  = "*"
        Condition = { Bool = { "kms:GrantIsForAWSResource" = "true" } }
      },
      {
        Sid       = "UseThroughS3AndDynamoDB"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account_id}:root" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = local.account_id
            "kms:ViaService"    = ["s3.${var.region}.amazonaws.com", "dynamodb.${var.region}.amazonaws.com"]
          }
        }
      },
    ]
  })
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "state" {
  name          = "alias/${var.project}-tfstate"
  target_key_id = aws_kms_key.state.key_id
}

resource "aws_s3_bucket" "state" {
  bucket = local.bucket_name
  lifecycle {
    prevent_destroy = true
  }
}


resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.state.arn
    }
    bucket_key_enabled = true
  }
}



resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket     = aws_s3_bucket.state.id
  depends_on = [aws_s3_bucket_versioning.bootstrap["state"]]
  rule {
    id     = "expire-superseded-state-versions"
    status = "Enabled"
    filter {
      prefix = ""
    }
    noncurrent_version_expiration {
      noncurrent_days = var.state_version_retention_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_policy" "state" {
  bucket     = aws_s3_bucket.state.id
  depends_on = [aws_s3_bucket_public_access_block.bootstrap["state"]]
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.state.arn, "${aws_s3_bucket.state.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "DenyOtherEncryptionAlgorithms"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.state.arn}/*"
        Condition = {
          StringNotEquals = { "s3:x-amz-server-side-encryption" = "aws:kms" }
          Null            = { "s3:x-amz-server-side-encryption" = "false" }
        }
      },
    ]
  })
}

# Server access logs of the state bucket: every read and write of state (state holds secrets in
# clear text), kept apart from the lake's own log bucket so the bootstrap stands alone.
resource "aws_s3_bucket_logging" "state" {
  bucket        = aws_s3_bucket.state.id
  target_bucket = aws_s3_bucket.state_logs.id
  target_prefix = "${local.bucket_name}/"
  depends_on    = [aws_s3_bucket_policy.state_logs]
}

# The destination of server access logs may use only SSE-S3, not SSE-KMS (S3 server access
# logging requirements). It logs nothing itself: that would log its own log deliveries.
resource "aws_s3_bucket" "state_logs" {
  bucket = local.log_bucket
  lifecycle {
    prevent_destroy = true
  }
}


resource "aws_s3_bucket_server_side_encryption_configuration" "state_logs" {
  bucket = aws_s3_bucket.state_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}



resource "aws_s3_bucket_lifecycle_configuration" "state_logs" {
  bucket     = aws_s3_bucket.state_logs.id
  depends_on = [aws_s3_bucket_versioning.bootstrap["logs"]]
  rule {
    id     = "expire-access-logs"
    status = "Enabled"
    filter {
      prefix = ""
    }
    expiration {
      days = var.access_log_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_policy" "state_logs" {
  bucket     = aws_s3_bucket.state_logs.id
  depends_on = [aws_s3_bucket_public_access_block.bootstrap["logs"]]
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.state_logs.arn, "${aws_s3_bucket.state_logs.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        # Only the state bucket's logs, delivered by S3 for this account, under its prefix.
        Sid       = "AllowStateBucketAccessLogDelivery"
        Effect    = "Allow"
        Principal = { Service = "logging.s3.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.state_logs.arn}/${local.bucket_name}/*"
        Condition = {
          ArnLike      = { "aws:SourceArn" = aws_s3_bucket.state.arn }
          StringEquals = { "aws:SourceAccount" = local.account_id }
        }
      },
    ]
  })
}

# Settings both bootstrap buckets share. ACLs are disabled on both (BucketOwnerEnforced), so log
# delivery to the log bucket is granted by its bucket policy, not by an ACL grant.
locals {
  bootstrap_buckets = {
    state = aws_s3_bucket.state.id
    logs  = aws_s3_bucket.state_logs.id
  }
}

resource "aws_s3_bucket_versioning" "bootstrap" {
  for_each = local.bootstrap_buckets
  bucket   = each.value
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "bootstrap" {
  for_each                = local.bootstrap_buckets
  bucket                  = each.value
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "bootstrap" {
  for_each = local.bootstrap_buckets
  bucket   = each.value
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# Bootstraps applied before the log bucket existed keep these resources instead of replacing them.
moved {
  from = aws_s3_bucket_versioning.state
  to   = aws_s3_bucket_versioning.bootstrap["state"]
}

moved {
  from = aws_s3_bucket_public_access_block.state
  to   = aws_s3_bucket_public_access_block.bootstrap["state"]
}

moved {
  from = aws_s3_bucket_ownership_controls.state
  to   = aws_s3_bucket_ownership_controls.bootstrap["state"]
}

resource "aws_dynamodb_table" "lock" {
  name                        = local.lock_table
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "LockID"
  deletion_protection_enabled = true
  attribute {
    name = "LockID"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.state.arn
  }
  lifecycle {
    prevent_destroy = true
  }
}

output "state_bucket" {
  value       = aws_s3_bucket.state.bucket
  description = "S3Backend bucket of the CDKTF stacks."
}

output "lock_table" {
  value       = aws_dynamodb_table.lock.name
  description = "S3Backend dynamodb_table of the CDKTF stacks (the stacks also set use_lockfile)."
}

output "state_access_log_bucket" {
  value       = aws_s3_bucket.state_logs.bucket
  description = "Server access logs of the state bucket, under <state bucket name>/."
}

output "state_key_arn" {
  value       = aws_kms_key.state.arn
  description = "KMS key encrypting state objects and the lock table."
}
