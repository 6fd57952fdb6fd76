"""A child's episode of help, from referral to closure: allocation, transfer, closure."""
