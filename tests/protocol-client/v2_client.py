#!/usr/bin/env python3
"""A reader-protocol v2 client written only from docs/reader-protocol.md, in another language than the server.

It signs v2 taps with a development credential (a certificate and its PKCS#8 key, as `shelter pki` writes them),
posts them to a running node and checks every answer against what the document says. One line per check
("PASS ..." or "FAIL ..."); the exit status is the number of failed checks.

    python3 v2_client.py --url URL --token READER_TOKEN --reader ID --shelter ID --cert CERT.pem --key KEY.pem

The token is read from the SHELTER_READER_TOKEN environment variable when --token is not given (a token on the
command line shows in the process list).
"""
import argparse
import base64
import datetime
import hashlib
import json
import os
import sys
import urllib.error
import urllib.request
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

failures = 0


def check(ok, what, detail=""):
    global failures
    print(("PASS " if ok else "FAIL ") + what + ("" if ok else ": " + detail))
    failures += 0 if ok else 1


def challenge(label, fields, nonce):
    """Section "The challenge a credential signs" and "Protocol v2": SHA-256(UTF-8(label + each field + "\\n") || nonce)."""
    text = label + "".join(field + "\n" for field in fields)
    return hashlib.sha256(text.encode("utf-8") + nonce).digest()


def sign(key, message):
    """RSA-2048: SHA256withRSA, PKCS#1 v1.5; P-384: SHA384withECDSA, DER. The message is the 32-byte challenge."""
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(message, ec.ECDSA(hashes.SHA384()))
    raise ValueError("unsupported key")


def tap(args, key, certificate_der, action, label="shelter-tap/v2\n", tamper_action=None, tap_id=None, nonce=None, ago=None):
    """A tap; nonce is a server nonce (bytes) for an online tap, or None for a station nonce (16 random bytes); ago dates it back."""
    tap_id = tap_id or str(uuid.uuid4())
    when = datetime.datetime.now(datetime.timezone.utc) - (ago or datetime.timedelta(0))
    occurred_at = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    nonce = nonce if nonce is not None else os.urandom(16)
    if label == "shelter-tap/v2\n":
        fields = [args.reader, tap_id, occurred_at, action, args.shelter]
    else:
        fields = [args.reader, tap_id, occurred_at]
    signature = sign(key, challenge(label, fields, nonce))
    return {
        "tapId": tap_id,
        "readerId": args.reader,
        "shelterId": args.shelter,
        "action": tamper_action or action,
        "occurredAt": occurred_at,
        "credential": {
            "kind": "jpki-card",
            "certificate": base64.b64encode(certificate_der).decode("ascii"),
            "nonce": base64.b64encode(nonce).decode("ascii"),
            "signature": base64.b64encode(signature).decode("ascii"),
        },
    }


def post(args, path, taps):
    return call(args, "POST", path, {"taps": taps})


def call(args, method, path, body=None):
    request = urllib.request.Request(args.url.rstrip("/") + path, data=None if body is None else json.dumps(body).encode("utf-8"), method=method,
                                     headers={"Authorization": "Bearer " + args.token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", default=os.environ.get("SHELTER_READER_TOKEN"))
    parser.add_argument("--reader", required=True)
    parser.add_argument("--shelter", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args()
    if not args.token:
        parser.error("give the reader token in SHELTER_READER_TOKEN")

    with open(args.cert, "rb") as f:
        data = f.read()
    certificate = x509.load_pem_x509_certificate(data) if data.startswith(b"-----") else x509.load_der_x509_certificate(data)
    certificate_der = certificate.public_bytes(serialization.Encoding.DER)
    with open(args.key, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)

    # Server nonces for online taps: fetched ahead, 32 bytes each, opaque.
    status, body = call(args, "GET", "/api/v2/nonces?count=2")
    nonces = [base64.b64decode(n) for n in body.get("nonces", [])] if status == 200 else []
    check(len(nonces) == 2 and all(len(n) == 32 for n in nonces) and "expiresAt" in body, "two server nonces of 32 bytes", f"{status} {body}")
    if len(nonces) < 2:
        return failures + 1

    # A v2 check-in made online is accepted; sent again, the same tap is a duplicate of that answer.
    first = tap(args, key, certificate_der, "check-in", nonce=nonces[0])
    status, body = post(args, "/api/v2/taps", [first])
    result = body.get("results", [{}])[0] if status == 200 else {}
    check(status == 200 and result.get("status") == "accepted" and result.get("outcome") == "checked-in", "v2 check-in accepted", f"{status} {body}")
    check(result.get("tapId") == first["tapId"], "the answer names the tap", str(result))
    status, body = post(args, "/api/v2/taps", [first])
    again = body.get("results", [{}])[0] if status == 200 else {}
    check(again.get("status") == "duplicate" and again.get("outcome") == "checked-in", "the same tap again is a duplicate with the first outcome",
          f"{status} {body}")

    # The same server nonce with another tap is refused; a made-up one too.
    status, body = post(args, "/api/v2/taps", [tap(args, key, certificate_der, "supply-pickup", nonce=nonces[0]),
                                               tap(args, key, certificate_der, "supply-pickup", nonce=os.urandom(32)),
                                               tap(args, key, certificate_der, "supply-pickup", nonce=nonces[1])])
    results = body.get("results", []) if status == 200 else []
    check([r.get("reason") or r.get("outcome") for r in results] == ["nonce-reused", "foreign-nonce", "supply-picked-up"],
          "a server nonce serves one tap; a made-up one none", f"{status} {body}")

    # One batch, made offline (station nonces): a meal signed as v2 (accepted); a check-out whose action was changed from the signed check-in;
    # a tap signed with the v1 label; answers in the order sent.
    meal = tap(args, key, certificate_der, "meal")
    tampered = tap(args, key, certificate_der, "check-in", tamper_action="check-out")
    v1_signed = tap(args, key, certificate_der, "check-in", label="shelter-tap/v1\n")
    status, body = post(args, "/api/v2/taps", [meal, tampered, v1_signed])
    results = body.get("results", []) if status == 200 else []
    check(len(results) == 3 and [r.get("tapId") for r in results] == [meal["tapId"], tampered["tapId"], v1_signed["tapId"]],
          "one answer per tap, in order", f"{status} {body}")
    if len(results) == 3:
        check(results[0].get("status") == "accepted" and results[0].get("outcome") == "meal-served", "v2 meal accepted", str(results[0]))
        check(results[1].get("status") == "rejected" and results[1].get("reason") == "challenge-mismatch",
              "a changed action does not verify", str(results[1]))
        check(results[2].get("status") == "rejected" and results[2].get("reason") == "challenge-mismatch",
              "a v1 signature does not verify as v2", str(results[2]))
        check(all(r.get("message") for r in results), "every answer has a sentence", str(results))

    # An offline tap from before the reader's window (it was registered a moment ago, its first contact), and a
    # pickup from the certificate alone at a shelter whose policy wants signatures (the default).
    early = tap(args, key, certificate_der, "supply-pickup", ago=datetime.timedelta(hours=2))
    alone = tap(args, key, certificate_der, "supply-pickup")
    del alone["credential"]["nonce"], alone["credential"]["signature"]
    status, body = post(args, "/api/v2/taps", [early, alone])
    results = body.get("results", []) if status == 200 else []
    check([r.get("reason") for r in results] == ["outside-offline-window", "signature-required"],
          "an offline tap before the window and a certificate-only tap where signatures are wanted are refused", f"{status} {body}")

    # Having spoken v2, this reader is refused v1.
    status, body = post(args, "/api/v1/taps", [tap(args, key, certificate_der, "check-out", label="shelter-tap/v1\n")])
    check(status == 403 and body.get("reason") == "protocol-downgrade", "v1 after v2 is refused as a downgrade", f"{status} {body}")
    return failures


if __name__ == "__main__":
    sys.exit(main())
