swm_img_merge.v
