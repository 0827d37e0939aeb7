"""A real S3 API server on loopback (moto's server mode) for the object storage tests."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.scaleout.servers import free_port, status_of

ACCESS_KEY = "testing-access-key"
SECRET_KEY = "testing-secret-key"
REGION = "eu-west-1"


@dataclass
class S3Server:
    endpoint: str
    bucket: str

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def objects(self) -> set[str]:
        listed = self.client().list_objects_v2(Bucket=self.bucket)
        return {item["Key"] for item in listed.get("Contents", [])}

    def allow_public_reads(self) -> None:
        """The bucket policy of a site that serves uploads by plain, unsigned URLs."""
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{self.bucket}/*",
                }
            ],
        }
        self.client().put_bucket_policy(Bucket=self.bucket, Policy=json.dumps(policy))

    def env(self) -> dict[str, str]:
        """The settings an app server needs to keep its uploads here."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def storage_setting(self, *, signed: bool) -> dict:
        """STORAGES["default"] as config/settings.py builds it from env()."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.bucket,
                "endpoint_url": self.endpoint,
                "region_name": REGION,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "location": "media",
                "querystring_auth": signed,
                "signature_version": "s3v4",
                "file_overwrite": False,
                "default_acl": None,
            },
        }


@contextmanager
def s3_server(bucket: str = "pmforum-media") -> Iterator[S3Server]:
    """moto_server on a free loopback port with one empty, private bucket; stopped afterwards."""
    port = free_port()
    executable = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    process = subprocess.Popen(
        [executable or "moto_server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while status_of(port, "/moto-api/") is None:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the S3 API server did not start")
            time.sleep(0.2)
        server = S3Server(endpoint=f"http://127.0.0.1:{port}", bucket=bucket)
        server.client().create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)
